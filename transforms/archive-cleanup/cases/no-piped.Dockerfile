FROM debian:bookworm
RUN curl -fsSL https://example.org/x.tgz | tar xz -C /opt
