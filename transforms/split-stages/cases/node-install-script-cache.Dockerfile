# A dependency's install script may download into root's cache folder (puppeteer's
# Chrome): the runtime takes that folder too, made empty in the builder when none came.
FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libnss3 libgbm1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "render.js"]
