FROM node:20
WORKDIR /app
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
CMD ["pnpm", "start"]
