FROM debian:bookworm-slim
WORKDIR /opt/tool
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
CMD ["/opt/tool/app.sh"]
