FROM ruby:3.3 AS base
ENV BUNDLE_GEMFILE=Gemfile.production

FROM base
WORKDIR /app
ENV BUNDLE_FROZEN=true
COPY . .
RUN bundle install
CMD ["ruby", "app.rb"]
