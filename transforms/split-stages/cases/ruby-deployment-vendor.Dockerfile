# Bundler's deployment mode vendors the gems inside the app folder (vendor/bundle, with
# .bundle/config): they come with it. An asset step after the build runs in the runtime.
FROM ruby:3.1-bullseye
WORKDIR /app
COPY . .
RUN bundle config set --local deployment true && bundle config set --local path vendor/bundle && bundle install
RUN bundle exec rake assets:precompile
CMD ["bundle", "exec", "rackup", "-o", "0.0.0.0"]
