# A bare assignment only sets a variable of its RUN's shell: the RUN (mkdir, which runs
# before the app is copied in) is replayed as it stands.
FROM node:20-bookworm
RUN umask 0027; mode=0750; mkdir -p /var/lib/app-data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
