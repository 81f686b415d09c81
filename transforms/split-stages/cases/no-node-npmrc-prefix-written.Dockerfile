# An npmrc written with a prefix moves where npm installs globals: advice.
FROM node:20-bookworm
RUN echo "prefix=/opt/npm" >> /usr/local/etc/npmrc && npm install -g pm2@5
WORKDIR /app
COPY . .
RUN npm ci
CMD ["pm2-runtime", "server.js"]
