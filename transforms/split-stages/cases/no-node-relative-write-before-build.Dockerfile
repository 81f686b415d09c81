FROM node:20-bookworm
WORKDIR /srv/app
COPY . .
RUN echo "API_URL=/api" > .env
RUN npm ci && npm run build
CMD ["node", "dist/main.js"]
