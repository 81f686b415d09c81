FROM node:20-bookworm
WORKDIR /srv/app
RUN echo "registry=https://registry.example.org/" > /usr/local/etc/npmrc && mkdir -p /var/log/app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
CMD ["node", "dist/main.js"]
