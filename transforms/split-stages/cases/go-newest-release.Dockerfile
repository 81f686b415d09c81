# golang 1.25 and later name no release when built on the newest one (trixie): the
# runtime is debian:trixie-slim.
FROM golang:1.25.4
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .
CMD ["app"]
