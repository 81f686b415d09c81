# pnpm's store-dir only holds the store: node_modules/.pnpm has real files.
FROM node:20-bookworm
RUN npm install -g pnpm@9
WORKDIR /app
COPY package.json pnpm-lock.yaml .npmrc ./
RUN pnpm install --frozen-lockfile
COPY . .
CMD ["node", "index.js"]
