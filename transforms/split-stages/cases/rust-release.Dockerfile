FROM rust:1.78.0-bookworm
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked
EXPOSE 8080
CMD ["./target/release/todo-api"]
