FROM debian:bookworm-slim
# Only the C library's headers: nothing of a library's to purge.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && gcc -o /usr/local/bin/hello /src/hello.c && rm -rf /var/lib/apt/lists/*
CMD ["hello"]
