# a health probe installed first would be missing from the runtime.
FROM golang:1.22.5-bookworm
WORKDIR /app
RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.25
COPY . .
RUN CGO_ENABLED=0 go build -o /app/server .
HEALTHCHECK CMD ["grpc-health-probe", "-addr=:50051"]
CMD ["/app/server"]
