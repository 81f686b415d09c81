FROM node:20
WORKDIR /app
RUN pnpm add -g tsx
COPY . .
RUN npm ci
CMD ["tsx", "main.ts"]
