FROM node:20-bookworm
WORKDIR /srv
COPY dist/ ./
CMD ["node", "server.js"]
