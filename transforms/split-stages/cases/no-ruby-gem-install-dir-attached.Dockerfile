FROM ruby:3.2-bookworm
WORKDIR /app
RUN gem install puma -i/opt/gems
COPY . .
CMD ["ruby", "app.rb"]
