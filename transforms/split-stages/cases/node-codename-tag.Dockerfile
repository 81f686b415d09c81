FROM node:carbon
WORKDIR /srv
COPY . .
RUN npm install
CMD ["npm", "start"]
