FROM golang:1.19
WORKDIR /app
COPY . .
RUN go build -o /usr/local/bin/tool .
CMD ["tool"]
