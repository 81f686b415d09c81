# curl with ca-certificates installed by the stage: the slim image gets both.
FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://example.com/seed.json -o /srv/seed.json
CMD ["node", "-e", "console.log(1)"]
