FROM debian:bookworm
RUN a
RUN b