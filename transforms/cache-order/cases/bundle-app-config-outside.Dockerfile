FROM ruby:3.3
WORKDIR /app
ENV BUNDLE_APP_CONFIG=/usr/local/bundle BUNDLE_FROZEN=true
COPY . .
RUN bundle install
CMD ["ruby", "app.rb"]
