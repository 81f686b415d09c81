FROM node:20-bookworm
RUN npm install -g pm2@5.3.1
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["pm2-runtime", "server.js"]
