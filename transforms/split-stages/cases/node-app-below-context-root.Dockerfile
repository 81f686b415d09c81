# The context, copied whole above the app folder, declares no workspaces: npm installs in
# the app folder, which the runtime takes.
FROM node:20-bookworm
COPY . /code
WORKDIR /code/web
RUN npm ci
CMD ["node", "server.js"]
