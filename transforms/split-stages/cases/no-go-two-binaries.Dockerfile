# two binaries: the runtime would get only the last.
FROM golang:1.22.5-bookworm
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /app/server .
RUN go build -o /app/migrate ./cmd/migrate
CMD ["/app/server"]
