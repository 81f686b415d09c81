FROM rust:1.77-bookworm
COPY app.sh /usr/local/bin/app
CMD ["app"]
