FROM node:20-slim
WORKDIR /site
COPY . .
RUN yarn install --frozen-lockfile --production
CMD ["node", "index.js"]
