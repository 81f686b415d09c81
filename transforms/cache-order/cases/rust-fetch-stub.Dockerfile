# With --unsafe: cargo fetch runs before the copy with a stub target it removes again.
FROM rust:1.80
WORKDIR /usr/src/tally
COPY . .
RUN cargo fetch --locked
RUN cargo build --release --offline
CMD ["/usr/src/tally/target/release/tally"]
