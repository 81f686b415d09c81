# The write sits in a brace group after `||`: it happens only when SENTRY is set, and
# the runtime's COPY of the file would fail when it did not.
FROM node:20-bookworm
ARG SENTRY=
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && { [ -z "$SENTRY" ] || echo "$SENTRY" > /etc/sentry.conf; }
COPY . .
CMD ["node", "server.js"]
