# Without --local, Bundler writes ~/.bundle/config, which the runtime would not have:
# `bundle exec` there would look for the development gems never installed.
FROM ruby:3.2-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle config set --global without development && bundle install
COPY . .
CMD ["bundle", "exec", "ruby", "app.rb"]
