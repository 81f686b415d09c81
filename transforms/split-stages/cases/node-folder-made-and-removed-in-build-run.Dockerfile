# The RUN that builds makes a folder and removes it at its end: the image has no such
# folder, so the runtime copies nothing of it (a copy would fail: the builder lacks it).
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN mkdir -p /tmp/npm-build && npm ci && rm -rf /tmp/npm-build
COPY . .
CMD ["node", "server.js"]
