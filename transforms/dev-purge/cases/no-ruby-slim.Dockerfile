FROM ruby:3.2.2-slim
RUN apt-get update && apt-get install -y build-essential libpq-dev libyaml-dev libssl-dev && gem install pg
CMD ["ruby", "app.rb"]
