FROM node:20-slim
COPY . /srv/web
WORKDIR /srv/web
RUN npm install --omit=dev && npm cache clean --force
EXPOSE 3000
CMD ["node", "server.js"]
