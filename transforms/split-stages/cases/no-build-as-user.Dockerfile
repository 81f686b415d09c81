FROM node:20
USER node
WORKDIR /home/node/app
COPY . .
RUN npm ci
CMD ["node", "index.js"]
