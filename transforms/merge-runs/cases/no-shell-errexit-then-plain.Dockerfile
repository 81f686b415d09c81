FROM alpine:3.20
SHELL ["/bin/sh", "-eux", "-c"]
RUN mkdir /a; touch /a/b
RUN echo done
SHELL ["/bin/sh", "-c"]
