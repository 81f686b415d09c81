FROM debian:bookworm
RUN ["sh", "-c", "echo (("]
