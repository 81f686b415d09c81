FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
USER app
RUN rm -rf /tmp/*
