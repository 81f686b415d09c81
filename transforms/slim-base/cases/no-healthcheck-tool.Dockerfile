# The health check runs curl, which node's slim image lacks (it purges it after
# downloading node): the container would never be healthy.
FROM node:20-bookworm
WORKDIR /app
COPY server.js .
HEALTHCHECK --interval=30s CMD curl -f http://localhost:3000/health || exit 1
CMD ["node", "server.js"]
