FROM debian:bookworm
COPY install-deps.sh /tmp/
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN /tmp/install-deps.sh
