# curl comes from an apt step after the build, which the runtime replays: the HEALTHCHECK has it.
FROM node:20-bookworm
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1
CMD ["node", "server.js"]
