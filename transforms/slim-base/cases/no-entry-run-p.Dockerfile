# `npm start` runs run-p, which runs the `refresh` script: it runs wget.
FROM node:20-bookworm
WORKDIR /app
COPY . .
CMD ["npm", "start"]
