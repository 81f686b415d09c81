# A later RUN runs commands its arguments give, but names each one (`find -exec rm`):
# none is apt or a shell, so the lists are removed in the RUN that downloaded them.
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3
RUN find /usr/lib/python3 -name '__pycache__' -type d -exec rm -rf '{}' +
