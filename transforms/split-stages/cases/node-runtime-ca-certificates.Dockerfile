# The node slim image purged ca-certificates, which the full image has: the runtime installs it again (curl over HTTPS in CMD).
FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["sh", "-c", "curl -fsS https://config.internal.example.com/app.json -o config.json && node server.js"]
