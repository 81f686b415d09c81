# A later RUN before the build removes the folder line 4 made, for sure: the image has
# no such folder, and the runtime copies nothing of it.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN mkdir -p /tmp/assets && npm ci
COPY . .
RUN rm -rf /tmp/assets && npm run build
CMD ["node", "server.js"]
