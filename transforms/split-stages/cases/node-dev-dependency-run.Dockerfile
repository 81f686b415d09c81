# `npm start` runs ts-node, a dev dependency: the runtime takes node_modules as the build
# left it, dev dependencies included (no prune).
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["npm", "start"]
