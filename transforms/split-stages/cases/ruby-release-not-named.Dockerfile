# No apt package: the tag need not name its Debian release.
FROM ruby:3.3
ENV RACK_ENV=production
WORKDIR /srv/app
COPY Gemfile Gemfile.lock ./
RUN gem install bundler -v 2.5.6 && bundle install --jobs 4
COPY . .
RUN useradd --create-home app
USER app
CMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]
