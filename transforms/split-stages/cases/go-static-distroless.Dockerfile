FROM golang:1.22.5
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./cmd/server
EXPOSE 8080
ENTRYPOINT ["/out/server"]
