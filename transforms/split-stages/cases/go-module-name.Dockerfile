FROM golang:1.23.4-bookworm
WORKDIR /go/src/hello
COPY . .
RUN go build
CMD ["./hello", "--port", "8080"]
