FROM debian:bookworm AS build
RUN a
FROM debian:bookworm-slim
RUN b
RUN c
