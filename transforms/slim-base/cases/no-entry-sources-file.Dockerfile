# The entry script sources a file without a shell suffix, which runs curl.
FROM python:3.12-bookworm
WORKDIR /app
COPY . .
CMD ["./start"]
