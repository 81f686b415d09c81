FROM node:20-slim
WORKDIR /site
COPY . .
RUN yarn install --immutable
CMD ["node", "index.js"]
