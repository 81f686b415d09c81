FROM ruby:3.3
WORKDIR /app
ARG FROZEN=true
ENV BUNDLE_FROZEN=$FROZEN
COPY . .
RUN bundle install
CMD ["ruby", "app.rb"]
