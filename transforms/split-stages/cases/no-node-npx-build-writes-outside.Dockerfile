# The build names a path outside the app folder: what it writes there would stay in the
# builder.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm ci && npx vite build --outDir /srv/www
CMD ["node", "server.js"]
