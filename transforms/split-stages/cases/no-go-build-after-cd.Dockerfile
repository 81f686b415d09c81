# `go build -o server` after `cd cmd` writes /app/cmd/server, not /app/server.
FROM golang:1.21.0-bookworm
WORKDIR /app
COPY . .
RUN cd cmd && go build -o server .
CMD ["/app/cmd/server"]
