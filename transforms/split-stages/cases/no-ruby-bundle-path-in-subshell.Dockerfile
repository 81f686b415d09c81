# The variable applies inside the subshell, where the install runs.
FROM ruby:3.2-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN (export BUNDLE_PATH=/opt/gems && bundle install)
COPY . .
CMD ["ruby", "app.rb"]
