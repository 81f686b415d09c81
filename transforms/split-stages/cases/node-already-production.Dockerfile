FROM node:18
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY server.js .
USER node
CMD ["node", "server.js"]
