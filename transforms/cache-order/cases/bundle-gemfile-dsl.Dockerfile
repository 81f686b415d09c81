FROM ruby:3.3
WORKDIR /app
ENV BUNDLE_FROZEN=true
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && \
    rm -rf /var/lib/apt/lists/* && \
    bundle install --jobs 4
CMD ["ruby", "app.rb"]
