FROM debian:bookworm
RUN apt-get update
ENV X=1
RUN apt-get install -y curl
