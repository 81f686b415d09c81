# lang-cache's cleanup ($(gem env gemdir)/cache, $HOME/.bundle/cache) removes build-only places.
FROM ruby:3.2-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev nodejs && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install && \
    rm -rf "$(gem env gemdir)/cache" "$HOME/.bundle/cache"
COPY . .
EXPOSE 3000
CMD ["bundle", "exec", "rails", "server", "-b", "0.0.0.0"]
