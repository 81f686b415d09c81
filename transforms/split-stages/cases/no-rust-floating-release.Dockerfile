FROM rust:1.80
WORKDIR /src
COPY . .
RUN cargo build --release
CMD ["/src/target/release/app"]
