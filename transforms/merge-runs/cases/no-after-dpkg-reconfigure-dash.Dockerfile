FROM debian:bookworm
RUN echo "dash dash/sh boolean false" | debconf-set-selections && dpkg-reconfigure -f noninteractive dash
RUN source /etc/os-release && echo "$ID"
