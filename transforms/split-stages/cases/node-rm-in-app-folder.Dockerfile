# A removal inside the app folder stays in the builder: the runtime takes that folder
# from there as the rm left it.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN rm -rf test docs
RUN npm ci
CMD ["node", "server.js"]
