# The shell-form CMD runs curl, which the slim runtime lacks.
FROM node:20-bookworm
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD curl -fsS "$CONFIG_URL" -o config.json && node server.js
