FROM debian:bookworm
COPY app.sh /usr/local/bin/
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN sh -n /usr/local/bin/app.sh && chmod +x /usr/local/bin/app.sh
