# The split without the cache folder: the dependency's install script downloaded its
# tool into /root/.cache, which the runtime would lack, so the probe fails.
FROM node:18 AS builder
WORKDIR /app
COPY package.json .npmrc ./
COPY fetcher ./fetcher
RUN npm install --omit=dev

FROM node:18-slim
WORKDIR /app
COPY --from=builder /app /app
COPY server.js .
CMD ["node", "server.js"]
