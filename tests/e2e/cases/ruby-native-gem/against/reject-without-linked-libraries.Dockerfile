# The split without the step that installs the libraries the build linked: the gem's
# extension needs libpq5, which the slim image lacks, so the probe fails.
FROM ruby:3.1 AS builder
WORKDIR /app
COPY pqver ./pqver
RUN cd pqver && gem build pqver.gemspec && gem install --local ./pqver-1.0.0.gem
COPY Gemfile app.rb ./
RUN bundle install --local

FROM ruby:3.1-slim
WORKDIR /app
COPY --from=builder /usr/local/bundle /usr/local/bundle
COPY --from=builder /app /app
CMD ["bundle", "exec", "ruby", "app.rb"]
