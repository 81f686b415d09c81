# GOBIN given to go install as an assignment moves the binary.
FROM golang:1.22.5-bookworm
WORKDIR /app
COPY . .
RUN GOBIN=/usr/local/bin go install .
CMD ["app"]
