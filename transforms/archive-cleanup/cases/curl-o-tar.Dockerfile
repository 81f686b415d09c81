FROM debian:bookworm
RUN curl -fsSL -o node.tar.xz https://example.org/node.tar.xz && tar -xJf node.tar.xz -C /usr/local
