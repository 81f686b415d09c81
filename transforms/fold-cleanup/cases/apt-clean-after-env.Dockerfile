FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
ENV LANG=C.UTF-8
RUN apt-get clean && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
