# Without `set -e`, a failing cp in an earlier statement leaves the RUN successful
# and the file unmade: the runtime's COPY of it would fail.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN cp /app/package-lock.json /etc/package-lock.json; npm ci
COPY . .
CMD ["node", "server.js"]
