FROM debian:bookworm
RUN cd /tmp && curl -o x.tgz https://example.org/x.tgz && tar xzf x.tgz
