FROM debian:bookworm
RUN apt-get update && apt-get install -y make
COPY . /src
RUN apt-get update && apt-get install -y gcc
