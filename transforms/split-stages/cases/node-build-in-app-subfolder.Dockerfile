# A `cd` into a folder below the app folder keeps the build inside what the runtime takes.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN cd web && npm ci
CMD ["node", "web/server.js"]
