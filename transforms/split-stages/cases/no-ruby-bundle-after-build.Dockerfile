# bundle after the build would run in the slim image, which has no compiler for a gem
# it installs (and `bundle exec` runs the app's code there).
FROM ruby:3.1-bullseye
WORKDIR /app
COPY . .
RUN bundle install
RUN bundle exec rake assets:precompile
CMD ["bundle", "exec", "rackup", "-o", "0.0.0.0"]
