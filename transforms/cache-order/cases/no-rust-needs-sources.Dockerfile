# Cargo reads the sources' targets to build: nothing moves, and the advice says so.
FROM rust:1.80
WORKDIR /src
COPY . .
RUN cargo build --release
