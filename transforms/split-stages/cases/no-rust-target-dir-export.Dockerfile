# CARGO_TARGET_DIR exported in the RUN moves target/.
FROM rust:1.78.0-bookworm
WORKDIR /app
COPY . .
RUN export CARGO_TARGET_DIR=/build && cargo build --release && cp /build/release/api /usr/local/bin/api
CMD ["api"]
