# --cache-mounts: a build stage that does not ship gets the mount too (the point is the
# next build's speed).
FROM node:20 AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27
COPY --from=assets /src/dist /usr/share/nginx/html
