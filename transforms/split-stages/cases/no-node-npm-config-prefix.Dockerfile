# npm config set prefix moves the global installs the runtime would take from /usr/local.
FROM node:20-bookworm
RUN npm config set prefix /opt/npm-global && npm install -g pm2@5
ENV PATH=/opt/npm-global/bin:$PATH
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["pm2-runtime", "server.js"]
