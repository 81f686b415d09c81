# A COPY into /etc/apt before the build: the runtime stage would install from Debian's
# sources alone.
FROM node:20-bookworm
COPY vendor.list /etc/apt/sources.list.d/
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
RUN apt-get update && apt-get install -y vendor-agent && rm -rf /var/lib/apt/lists/*
CMD ["node", "server.js"]
