# Puppeteer's install script downloads Chrome where PUPPETEER_CACHE_DIR says, not
# into ~/.cache, which is all the runtime would take besides the app.
FROM node:20-bookworm
ENV PUPPETEER_CACHE_DIR=/opt/puppeteer
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
