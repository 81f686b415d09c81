FROM debian:bookworm AS build
RUN apt-get update
RUN apt-get install -y gcc
FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y libc6
RUN apt-get install -y tzdata
