# npx fetches what the project lacks into ~/.npm/_npx, which the runtime does not take;
# CMD runs npx, which would fetch it again when the container starts.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npx esbuild src/index.js --bundle --outfile=dist/index.js
CMD ["npx", "serve", "dist"]
