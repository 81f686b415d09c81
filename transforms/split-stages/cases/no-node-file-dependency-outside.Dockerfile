# The app takes `shared` from beside its folder (file:../shared): npm links it and
# installs shared's own dependencies into /srv/shared/node_modules, in the builder only.
FROM node:20-bookworm
COPY shared /srv/shared
WORKDIR /srv/api
COPY api/package*.json ./
RUN npm install
COPY api/ ./
CMD ["node", "server.js"]
