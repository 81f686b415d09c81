FROM debian:bookworm
RUN apt-get update && apt-get install -y make
RUN apt-get install -y gcc
