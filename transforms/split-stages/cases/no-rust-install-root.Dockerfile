# cargo install --root puts the binary outside CARGO_HOME.
FROM rust:1.78.0-bookworm
WORKDIR /app
COPY . .
RUN cargo install --path . --root /usr/local
CMD ["api"]
