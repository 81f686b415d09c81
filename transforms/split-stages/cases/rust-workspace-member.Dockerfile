FROM rust:1.76.0-bookworm
WORKDIR /build
COPY . .
RUN cargo build --release -p gateway
ENTRYPOINT ["/build/target/release/gateway-server"]
