FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y make
FROM base
RUN apt-get install -y gcc
