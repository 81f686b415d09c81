FROM debian:bookworm
RUN if [ -x /x ]; then cd /x; fi
RUN pwd
