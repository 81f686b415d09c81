# node's slim images install no tzdata: the link, replayed there after the build, would
# dangle (the full image has the zone files from buildpack-deps).
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
RUN ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime
CMD ["node", "server.js"]
