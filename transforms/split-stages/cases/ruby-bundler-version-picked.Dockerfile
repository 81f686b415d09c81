# `bundle _2.4.22_ install` picks Bundler's version and is the build: it stays in the
# builder with the gem install before it.
FROM ruby:3.3-bookworm
WORKDIR /app
RUN gem install bundler -v 2.4.22
COPY Gemfile Gemfile.lock ./
RUN bundle _2.4.22_ install
COPY . .
CMD ["bundle", "exec", "ruby", "app.rb"]
