FROM node:20
WORKDIR /app
COPY . .
RUN npm ci && npm install -g --prefix /opt/tools nodemon
CMD ["/opt/tools/bin/nodemon", "server.js"]
