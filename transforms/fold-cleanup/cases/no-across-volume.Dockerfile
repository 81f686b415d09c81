FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && echo x > /tmp/x
VOLUME /tmp
RUN rm -rf /tmp/*
