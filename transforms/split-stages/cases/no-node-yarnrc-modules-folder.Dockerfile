# The context's .yarnrc moves node_modules out of the app folder.
FROM node:20-bookworm
WORKDIR /app
COPY package.json yarn.lock .yarnrc ./
RUN yarn install --frozen-lockfile
ENV NODE_PATH=/opt/node_modules
COPY . .
CMD ["node", "server.js"]
