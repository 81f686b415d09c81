# `gem build` works on the folder a literal `cd` led to (/app/pqver): what it writes is
# there, not in apt's configuration, so apt's sources are known unchanged and the split
# goes ahead.
FROM ruby:3.1-bookworm
WORKDIR /app
COPY pqver ./pqver
RUN cd pqver && gem build pqver.gemspec && gem install --local ./pqver-1.0.0.gem
COPY Gemfile app.rb ./
RUN bundle install --local
CMD ["bundle", "exec", "ruby", "app.rb"]
