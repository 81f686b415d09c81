FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN apt-get update && apt-get install -y ffmpeg
CMD ["node", "index.js"]
