FROM node:20-slim
RUN apt-get update && apt-get install -y build-essential python3 libcairo2-dev libpango1.0-dev \
    && npm install -g canvas
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
RUN corepack pnpm install --frozen-lockfile
COPY . .
CMD ["node", "server.js"]
