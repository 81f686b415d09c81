FROM debian:bookworm
RUN cp /etc/hostname /tmp/h
RUN type cp
