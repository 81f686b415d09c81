FROM debian:bookworm
RUN curl -o x.tgz https://example.org/x.tgz && tar xzf x.tgz && rm x.tgz
