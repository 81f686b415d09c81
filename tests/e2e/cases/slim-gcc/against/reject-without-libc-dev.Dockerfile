# apt-no-recommends as it was before it kept gcc's libc6-dev: the slim image has no C
# library headers, so the build fails (no stdio.h).
FROM debian:bookworm-slim
COPY hello.c /src/
RUN apt-get update && apt-get install --no-install-recommends -y gcc \
    && gcc -O2 -o /usr/local/bin/hello /src/hello.c \
    && rm -rf /var/lib/apt/lists/*
CMD ["hello"]
