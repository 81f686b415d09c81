FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y gcc
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y libc6
