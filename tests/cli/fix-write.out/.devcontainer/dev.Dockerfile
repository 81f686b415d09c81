FROM debian:bookworm
RUN ( cd /opt ) && \
    ls
