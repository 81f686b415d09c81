# Removing a file of the base image (Yarn's link) is part of the image: the slim runtime
# has it too, so the rm would have to run there; advice.
FROM node:20-bookworm
RUN rm /usr/local/bin/yarn
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "server.js"]
