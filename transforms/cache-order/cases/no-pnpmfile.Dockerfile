FROM node:20
WORKDIR /site
COPY . .
RUN corepack enable && pnpm install --frozen-lockfile
RUN pnpm build
