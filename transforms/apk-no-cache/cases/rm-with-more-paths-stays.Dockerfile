FROM alpine:3.20
RUN apk add -U curl && rm -rf /var/cache/apk/* /tmp/*
