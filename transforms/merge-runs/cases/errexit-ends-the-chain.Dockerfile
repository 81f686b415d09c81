FROM debian:bookworm
RUN apt-get update
RUN set -eux; \
    groupadd -r app; \
    useradd -r -g app app
RUN mkdir /data
RUN chown app /data
