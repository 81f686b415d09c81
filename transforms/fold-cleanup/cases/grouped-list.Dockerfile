FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
EXPOSE 80
RUN apt-get clean; rm -rf /var/lib/apt/lists/*
