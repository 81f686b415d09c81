FROM ruby:3.2-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle config set --local path /opt/gems && bundle install
COPY . .
CMD ["ruby", "app.rb"]
