FROM node:18
WORKDIR /app
COPY . .
RUN npm ci && npm run build
RUN npm install --global serve@14.2.1
CMD ["serve", "-s", "build"]
