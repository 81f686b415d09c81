# npm rebuild after the build needs node-gyp's compiler, which the slim runtime lacks.
FROM node:20-bookworm
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
RUN npm rebuild bcrypt --build-from-source
CMD ["node", "server.js"]
