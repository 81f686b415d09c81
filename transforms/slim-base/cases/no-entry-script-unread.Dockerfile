# The entry script is not in the build context (no context here): what it runs is not
# known, so the full image stays.
FROM ruby:3.3-bookworm
WORKDIR /app
COPY . .
CMD ["./bin/start.sh"]
