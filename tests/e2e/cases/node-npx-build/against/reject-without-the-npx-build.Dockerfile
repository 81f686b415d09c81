# The split that takes the install but leaves the npx step out (as when it counted as a
# step after the build the runtime cannot run): generated.json is missing, and the
# probe fails.
FROM node:18 AS builder
WORKDIR /app
COPY package.json .npmrc ./
COPY gen ./gen
RUN npm install --omit=dev

FROM node:18-slim
WORKDIR /app
COPY --from=builder /app /app
COPY server.js .
CMD ["node", "server.js"]
