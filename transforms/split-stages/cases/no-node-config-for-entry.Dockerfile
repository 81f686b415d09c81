# npm's user config (~/.npmrc) stays in the builder, and `npm start` applies it to the
# script it runs (node-options, script-shell).
FROM node:20-bookworm
RUN npm config set node-options "--max-old-space-size=4096" && npm config set script-shell /bin/bash
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["npm", "start"]
