FROM ruby:3.2-bookworm
WORKDIR /app
RUN gem install --install-dir /opt/gems sinatra
COPY . .
CMD ["ruby", "app.rb"]
