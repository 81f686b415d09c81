# cp into /etc/: the runtime would take the builder's whole /etc.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN cp package.json package-lock.json /etc/ && npm ci
COPY . .
CMD ["node", "server.js"]
