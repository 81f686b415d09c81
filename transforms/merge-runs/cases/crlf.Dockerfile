FROM debian:bookworm
RUN a
# keep me
RUN b
