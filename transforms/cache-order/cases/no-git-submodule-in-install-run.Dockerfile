# git works on the repository the copy brings (.git, .gitmodules): moved before the
# copy with the manifests, `git submodule update` would find no repository.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN git submodule update --init && npm ci
CMD ["node", "server.js"]
