FROM node:20-bookworm
ARG TOOLS=/opt/tools
WORKDIR /app
COPY tools/ $TOOLS/
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
