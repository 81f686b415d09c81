# The build script writes the site to /srv/www, outside the app folder the runtime takes.
FROM node:20-bookworm
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
CMD ["npm", "start"]
