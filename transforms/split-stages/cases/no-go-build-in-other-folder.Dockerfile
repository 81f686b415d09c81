# go build -C runs in another folder, where a relative -o lands.
FROM golang:1.22.5-bookworm
WORKDIR /src
COPY . .
RUN go build -C cmd/server -o server
CMD ["/src/cmd/server/server"]
