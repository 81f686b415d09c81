# Removing a part of the cache (npm 5 and later keep it in ~/.npm/_cacache) or a
# neighbour of it does not clean it.
FROM node:20
RUN npm ci && rm -rf /root/.npm/cache/*
RUN yarn install && rm -rf /usr/local/share/.yarnrc
