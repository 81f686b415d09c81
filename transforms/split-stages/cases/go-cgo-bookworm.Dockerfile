FROM golang:1.21.0-bookworm
RUN apt-get update && apt-get install -y libsqlite3-dev
WORKDIR /app
COPY . .
RUN go build -o app .
CMD ["/app/app"]
