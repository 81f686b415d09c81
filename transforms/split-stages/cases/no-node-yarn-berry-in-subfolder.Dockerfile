# The app's folder in the context (web/) is a Yarn 4 project: its packages may live in Yarn's global cache.
FROM node:20-bookworm
WORKDIR /app
COPY web/ ./
RUN yarn install --immutable
CMD ["yarn", "start"]
