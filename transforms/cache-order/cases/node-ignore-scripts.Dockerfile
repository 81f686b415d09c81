FROM node:20-slim
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile --ignore-scripts
CMD ["node", "server.js"]
