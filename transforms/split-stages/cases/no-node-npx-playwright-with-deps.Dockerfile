# `playwright install --with-deps` installs the browsers' system packages with apt,
# which the runtime would lack (it only gets the packages of the libraries the
# builder's files link, not fonts).
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
RUN npx playwright install --with-deps chromium
COPY . .
CMD ["node", "server.js"]
