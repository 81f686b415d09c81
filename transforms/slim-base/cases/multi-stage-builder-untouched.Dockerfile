FROM golang:1.22 AS build
RUN go build -o /app .
FROM debian:bookworm
COPY --from=build /app /app
CMD ["/app"]
