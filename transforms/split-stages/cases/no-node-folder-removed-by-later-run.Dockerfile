# A later RUN before the build removes every file of /tmp (a pattern): the builder may
# lack the folder line 4 made, so the runtime's copy of it could fail. Advice.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN mkdir -p /tmp/assets && npm ci
COPY . .
RUN rm -rf /tmp/* && npm run build
CMD ["node", "server.js"]
