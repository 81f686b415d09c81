# The context holds a temporary file of `fix --write`, writing another Dockerfile
# of the same context meanwhile: it is not a file the app reads.
FROM golang:1.23.4-bookworm
WORKDIR /go/src/hello
COPY . .
RUN go build
CMD ["./hello", "--port", "8080"]
