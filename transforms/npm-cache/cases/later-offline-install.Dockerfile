# A later RUN installs from the npm cache alone (`--offline`): cleaning the cache after
# the first install would make it fail. Advice on the first; the last one is cleaned.
FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
RUN npm ci --offline --prefix /opt/mirror
CMD ["node", "server.js"]
