# mini_magick runs ImageMagick's convert, which the full image has and the slim one
# does not.
FROM ruby:3.3-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
CMD ["ruby", "app.rb"]
