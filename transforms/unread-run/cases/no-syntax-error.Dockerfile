FROM debian:bookworm
RUN if true; then echo x
