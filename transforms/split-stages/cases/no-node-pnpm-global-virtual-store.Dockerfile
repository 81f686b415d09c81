# pnpm's global virtual store links node_modules into a store outside the app folder.
FROM node:22-bookworm
RUN corepack enable
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm install --frozen-lockfile --prod
COPY . .
CMD ["node", "server.js"]
