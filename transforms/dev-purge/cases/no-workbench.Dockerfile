FROM debian:bookworm
# No CMD: the base image's (bash), an image to build in.
RUN apt-get update && apt-get install -y gcc make libssl-dev && make -C /opt/tool \
    && rm -rf /var/lib/apt/lists/*
