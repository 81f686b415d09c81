# src/bin holds a second binary, which the CMD may run.
FROM rust:1.78.0-bookworm
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["/app/target/release/worker"]
