# Bundler finds the Gemfile from where it runs and writes vendor/ there, not in /app.
FROM ruby:3.3-bookworm
WORKDIR /app
COPY . .
RUN cd /srv/site && bundle install --path vendor
CMD ["ruby", "app.rb"]
