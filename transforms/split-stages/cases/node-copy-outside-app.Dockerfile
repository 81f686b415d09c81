FROM node:20-bookworm
WORKDIR /app
COPY docker/entrypoint.sh /usr/local/bin/
COPY docker/app.conf ./config/
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENTRYPOINT ["entrypoint.sh"]
CMD ["node", "server.js"]
