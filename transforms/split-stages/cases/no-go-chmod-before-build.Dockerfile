FROM golang:1.22.5-bookworm
WORKDIR /src
COPY entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod 755 /usr/local/bin/entrypoint.sh
COPY . .
RUN go build -o /usr/local/bin/app .
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["/usr/local/bin/app"]
