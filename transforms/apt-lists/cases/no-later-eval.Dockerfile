# A later RUN evaluates a command it builds at run time (`eval`), which may install with
# apt. Advice.
FROM debian:bookworm
ARG EXTRA_INSTALL="apt-get install -y --no-install-recommends jq"
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN eval "$EXTRA_INSTALL"
