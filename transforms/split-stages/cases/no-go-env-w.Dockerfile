# go env -w can set GOBIN in go's own config file.
FROM golang:1.22.5-bookworm
WORKDIR /app
RUN go env -w GOBIN=/usr/local/bin
COPY . .
RUN go install .
CMD ["app"]
