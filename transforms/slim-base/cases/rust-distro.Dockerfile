FROM rust:1.77-bookworm
COPY target/release/app /usr/local/bin/app
CMD ["app"]
