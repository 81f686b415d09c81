FROM node:20
WORKDIR /site
ENV CI=true
COPY . .
RUN corepack enable && pnpm install
RUN pnpm build
