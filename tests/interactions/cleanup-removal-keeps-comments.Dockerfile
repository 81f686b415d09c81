FROM alpine:3.19
RUN apk add git
# CLEAR CACHE
RUN rm -rf /var/cache/apk/*

# LOGGING
RUN ln -sf /dev/stdout /x
