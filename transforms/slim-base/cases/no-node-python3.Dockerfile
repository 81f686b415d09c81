# node's full image has python3 (from buildpack-deps); its slim image does not.
FROM node:20-bookworm
WORKDIR /app
COPY . .
CMD ["sh", "-c", "python3 render_config.py > config.json && exec node server.js"]
