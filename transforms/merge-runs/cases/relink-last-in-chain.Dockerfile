FROM debian:bookworm
RUN mkdir -p /opt/app
RUN rm /bin/sh && ln -s /bin/bash /bin/sh
RUN [[ -d /opt/app ]] && echo ok
