FROM alpine:3.19
RUN apk add git && \
# CLEAR CACHE
    rm -rf /var/cache/apk/* && \
# LOGGING
    ln -sf /dev/stdout /x
