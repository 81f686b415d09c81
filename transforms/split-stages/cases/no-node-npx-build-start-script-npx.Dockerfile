# The same, through the package.json scripts `npm start` runs (start runs serve, which
# runs npx).
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm ci && npx esbuild src/index.js --bundle --outfile=dist/index.js
CMD ["npm", "start"]
