FROM debian:bookworm
RUN cd /opt
RUN ls
