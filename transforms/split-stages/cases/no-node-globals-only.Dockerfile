# An image of command-line tools: they may run what the full image has (bower runs
# git), so the slim image is not known to be enough.
FROM node:20-bookworm
RUN npm install -g bower grunt-cli
WORKDIR /src
ENTRYPOINT ["bower"]
