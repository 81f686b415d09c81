FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
COPY seed /tmp/seed
RUN rm -rf /tmp/*
