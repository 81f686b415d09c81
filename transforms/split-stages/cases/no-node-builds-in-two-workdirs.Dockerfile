# The first build fills /deps/node_modules; the runtime would take only /app.
FROM node:20-bookworm
WORKDIR /deps
COPY package.json package-lock.json ./
RUN npm ci
WORKDIR /app
COPY . .
RUN npm run build
CMD ["node", "dist/server.js"]
