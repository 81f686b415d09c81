# A script of the build context runs at build time; what it needs is not read.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN ./scripts/stamp-version.sh
CMD ["node", "server.js"]
