FROM node:lts
COPY dist/ /srv/
CMD ["node", "/srv/server.js"]
