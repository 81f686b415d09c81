FROM node:20
RUN npm ci && npm cache clean --force
