FROM node:20
WORKDIR /app
RUN corepack enable
COPY . .
RUN npm ci && npm run build
CMD ["node", "dist/main.js"]
