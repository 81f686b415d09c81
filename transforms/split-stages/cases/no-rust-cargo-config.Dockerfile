# the context's .cargo/config.toml can set target-dir.
FROM rust:1.78.0-bookworm
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["/app/target/release/api"]
