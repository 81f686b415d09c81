# npm start runs a package.json script that uses curl, which the slim runtime lacks.
FROM node:20-bookworm
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["npm", "start"]
