# HOME moves the cache folder install scripts download into: not known to the runtime.
FROM node:20-bookworm
ENV HOME=/home/app
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
