FROM debian:bookworm
RUN sleep 100 &
RUN echo done
