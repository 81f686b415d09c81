FROM alpine:3.20
RUN apk update
RUN apk add curl
RUN rm -rf /var/cache/apk/*
