# The app folder's name holds a blank: a COPY line would split it.
FROM node:20-bookworm
WORKDIR "/srv/my app"
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
