# go build -o an absolute path lands there from any folder.
FROM golang:1.22.5-bookworm
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/api ./cmd/api
CMD ["api"]
