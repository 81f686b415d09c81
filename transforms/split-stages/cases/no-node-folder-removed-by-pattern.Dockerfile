# The folder the RUN makes may be removed by the pattern at its end (`/tmp/*`): whether
# the builder still has it is not known, so the split is advice.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN mkdir -p /tmp/assets && npm ci && rm -rf /tmp/*
COPY . .
CMD ["node", "server.js"]
