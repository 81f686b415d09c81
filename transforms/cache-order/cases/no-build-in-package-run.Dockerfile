# The RUN that installs packages also builds the copied sources (`go build .` reads the
# module of its folder): moved before the copy, it would find nothing to build.
FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends libpcap-dev \
    && rm -rf /var/lib/apt/lists/* && go build -o /usr/local/bin/app .
CMD ["app"]
