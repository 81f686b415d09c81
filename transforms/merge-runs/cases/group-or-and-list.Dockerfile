FROM debian:bookworm
RUN make
RUN test -f /x || touch /x
RUN a; b
