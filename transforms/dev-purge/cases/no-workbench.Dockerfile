FROM gcc:13
# No CMD: the base image's (a shell), an image to build in.
RUN apt-get update && apt-get install -y libssl-dev && make -C /opt/tool \
    && rm -rf /var/lib/apt/lists/*
