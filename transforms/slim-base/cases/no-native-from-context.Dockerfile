# A binary built outside the image (on the host) may link libraries the full image has
# (libssl3 with libssl-dev) and the slim one lacks.
FROM rust:1.77-bookworm
COPY target/release/app /usr/local/bin/app
CMD ["app"]
