# RubyGems itself lives in /usr/local/lib/ruby, which the runtime has in its own version.
FROM ruby:3.2-bookworm
RUN gem update --system 3.5.3
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
CMD ["ruby", "app.rb"]
