# `yarn cache clean` is one of Yarn's own commands, not a script: after the build it is
# not a build step (and the runtime would not have the builder's cache to clean).
FROM node:20-bookworm
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install
COPY . .
RUN yarn autoclean --force
CMD ["node", "server.js"]
