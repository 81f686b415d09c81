FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1
CMD ["node", "index.js"]
