FROM alpine:3.20
RUN apk update && apk search -v curl && apk add curl
