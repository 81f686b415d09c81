# npm ci in a workspace member installs into the workspace root above the app folder.
FROM node:20-bookworm
WORKDIR /repo
COPY package.json package-lock.json ./
COPY packages ./packages
COPY apps/api/package.json ./apps/api/
WORKDIR /repo/apps/api
RUN npm ci
COPY apps/api .
CMD ["node", "index.js"]
