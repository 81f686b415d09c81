FROM golang:1.22
COPY app /app
CMD ["/app"]
