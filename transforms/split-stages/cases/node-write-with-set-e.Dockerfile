# With `set -e` in force, the cp in an earlier statement runs whenever the RUN
# succeeds, and its error output to /dev/null is not a file the runtime takes.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN set -e; cp /app/package-lock.json /etc/package-lock.json 2>/dev/null; npm ci
COPY . .
CMD ["node", "server.js"]
