# A Rails-style app: the gems go to GEM_HOME (/usr/local/bundle), the runtime takes them
# and the app folder; libpq-dev becomes libpq5, nodejs follows as it is.
FROM ruby:3.2-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev nodejs
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
EXPOSE 3000
CMD ["bundle", "exec", "rails", "server", "-b", "0.0.0.0"]
