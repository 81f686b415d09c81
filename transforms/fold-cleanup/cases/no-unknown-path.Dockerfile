FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
EXPOSE 80
RUN rm -rf /app/build
