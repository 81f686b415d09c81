FROM node:20-bookworm
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci
RUN npm run build; npm prune --omit=dev
ENV NODE_ENV=production
RUN export PORT=3000
RUN ["node", "--version"]
CMD ["node", "dist/server.js"]
