# --cache-mounts: Go's build cache in every stage, its module cache only in the stage
# that does not ship (a later step could read the modules, the shipped image never).
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM golang:1.22
WORKDIR /tools
RUN go install golang.org/x/tools/cmd/stringer@v0.24.0
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
