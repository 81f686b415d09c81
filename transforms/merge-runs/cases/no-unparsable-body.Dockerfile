FROM debian:bookworm
RUN echo "unterminated
RUN b
