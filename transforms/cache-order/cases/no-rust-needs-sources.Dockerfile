# Cargo reads the sources' targets even to fetch: nothing moves, and the advice says so.
FROM rust:1.80
WORKDIR /src
COPY . .
RUN cargo fetch
RUN cargo build --release
