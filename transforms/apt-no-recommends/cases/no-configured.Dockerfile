FROM debian:bookworm
RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/00norec
RUN apt-get update && apt-get install -y curl
