# dockerlean in a small image: built on the official Rust image, shipped on Debian's slim
# image (the binary links to glibc). Build it from the repository's root:
#   docker build -t dockerlean .
#   docker run --rm -v "$PWD:/work" dockerlean check .
# The real-build lane builds it (tests/e2e/run.sh, IMAGE=1) and checks it with itself.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src/ src/
COPY transforms/ transforms/
# Stripped: the line tables the release profile keeps for profiling are not shipped.
RUN CARGO_PROFILE_RELEASE_STRIP=true cargo build --release --locked --bin dockerlean

FROM debian:bookworm-slim
COPY --from=build /src/target/release/dockerlean /usr/local/bin/dockerlean
WORKDIR /work
USER 65534:65534
ENTRYPOINT ["dockerlean"]
CMD ["check", "."]
