# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOF
apt-get update
EOF
RUN apt-get install -y curl
