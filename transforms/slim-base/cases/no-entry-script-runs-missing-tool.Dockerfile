# The entry script (read from the build context) runs git at start-up.
FROM node:22-bookworm
WORKDIR /srv
COPY . .
ENTRYPOINT ["./docker/boot.sh"]
