# `../shared/` from /app is /shared, outside the app folder: the COPY is replayed.
FROM node:20-bookworm
WORKDIR /app
COPY shared/ ../shared/
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
