# curl installed with its recommendations (libcurl4 recommends ca-certificates): the
# slim image gets the certificates too.
FROM node:20-bookworm
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://example.com/seed.json -o /srv/seed.json
CMD ["node", "-e", "console.log(1)"]
