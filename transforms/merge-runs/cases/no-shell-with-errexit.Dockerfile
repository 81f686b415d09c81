FROM debian:bookworm
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN mkdir /a; touch /a/b
RUN echo done
