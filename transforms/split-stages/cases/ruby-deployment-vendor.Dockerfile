# Bundler's deployment mode vendors the gems inside the app folder (vendor/bundle); its
# local config goes to BUNDLE_APP_CONFIG, which the images set to GEM_HOME: both come
# with what the runtime takes.
FROM ruby:3.1-bullseye
WORKDIR /app
COPY . .
RUN bundle config set --local deployment true && bundle config set --local path vendor/bundle && bundle install
CMD ["bundle", "exec", "rackup", "-o", "0.0.0.0"]
