# The build removes GEM_HOME's cache of .gem files, which the runtime takes from the builder as it is.
FROM ruby:3.2-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install && rm -rf /usr/local/bundle/cache/*.gem
COPY . .
CMD ["bundle", "exec", "puma"]
