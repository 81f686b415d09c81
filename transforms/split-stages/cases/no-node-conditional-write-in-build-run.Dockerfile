# The RUN writes the file only in some runs: the runtime's COPY of it would fail when
# it did not.
FROM node:20-bookworm
ARG APP_ENV=prod
WORKDIR /app
COPY package.json package-lock.json ./
RUN if [ "$APP_ENV" = dev ]; then echo "debug=1" > /etc/app-dev.conf; fi && npm ci
COPY . .
CMD ["node", "server.js"]
