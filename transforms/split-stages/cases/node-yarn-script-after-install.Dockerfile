# `yarn db:generate` runs the package.json script of that name (no Yarn command has it):
# a build step, which stays in the builder; the runtime takes the app folder it wrote.
FROM node:20-bookworm
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn db:generate
CMD ["node", "server.js"]
