# Steps that only print (a listing, the manifest) run again in the runtime stage,
# which has their programs: they change nothing.
FROM node:20-bookworm
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
RUN ls -al && cat package.json
CMD ["node", "server.js"]
