FROM debian:bookworm-slim
COPY . /usr/local
RUN apt-get update && apt-get install -y curl
