# CARGO_TARGET_DIR from an ARG moves target/.
FROM rust:1.78.0-bookworm
ARG CARGO_TARGET_DIR=/build
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["/build/release/api"]
