FROM node:20-slim
WORKDIR /site
COPY . .
RUN yarn install --production
CMD ["node", "index.js"]
