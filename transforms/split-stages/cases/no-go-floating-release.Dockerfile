FROM golang:1.22-bookworm
ENV CGO_ENABLED=0
COPY . /src
WORKDIR /src
RUN go install ./cmd/api
CMD ["api"]
