FROM debian:bookworm
RUN apt-get update
# the tools
RUN apt-get install -y curl git
ENV LANG=C.UTF-8
RUN apt-get clean
