FROM debian:bookworm
RUN echo >&2 "msg" && cd /x && make 2>&1 | tee log
