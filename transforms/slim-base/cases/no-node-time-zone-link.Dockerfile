# node's slim images install no tzdata (the full ones have it from buildpack-deps).
FROM node:20-bookworm
RUN ln -snf /usr/share/zoneinfo/Europe/Berlin /etc/localtime
COPY server.js /srv/
CMD ["node", "/srv/server.js"]
