# npm ci --prefix installs outside the app folder.
FROM node:20-bookworm
WORKDIR /app
COPY package*.json /opt/deps/
RUN npm ci --prefix /opt/deps
COPY . .
ENV NODE_PATH=/opt/deps/node_modules
CMD ["node", "index.js"]
