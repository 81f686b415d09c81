FROM ruby:3.3
WORKDIR /app
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && \
    rm -rf /var/lib/apt/lists/* && \
    BUNDLE_DEPLOYMENT=1 bundle install --jobs 4
CMD ["ruby", "app.rb"]
