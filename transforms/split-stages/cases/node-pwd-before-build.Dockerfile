# `pwd` only prints: it neither needs the runtime nor changes the builder.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN pwd && npm ci
COPY . .
CMD ["node", "server.js"]
