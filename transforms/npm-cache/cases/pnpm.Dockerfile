FROM node:20
RUN corepack enable && pnpm install --frozen-lockfile
