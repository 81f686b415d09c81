FROM debian:bookworm
RUN cd /opt && curl -o t.tgz https://example.org/t.tgz
RUN tar xzf /opt/t.tgz -C /usr/local
