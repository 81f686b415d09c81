FROM ruby:3.2-bookworm
ENV BUNDLE_PATH=/gems
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
CMD ["ruby", "app.rb"]
