FROM debian:bookworm
RUN useradd app
WORKDIR /app
RUN apt-get clean
