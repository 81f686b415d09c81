# `npx tsc` runs a dependency's command: a build step, in the builder.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx tsc -p tsconfig.json
CMD ["node", "dist/index.js"]
