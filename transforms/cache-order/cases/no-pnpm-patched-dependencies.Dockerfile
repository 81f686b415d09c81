FROM node:20-slim
WORKDIR /site
COPY . .
RUN pnpm install --frozen-lockfile --prod
CMD ["node", "index.js"]
