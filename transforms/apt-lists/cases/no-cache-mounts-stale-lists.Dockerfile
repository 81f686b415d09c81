# --cache-mounts: the lists and the downloaded packages live in locked build cache
# mounts; a RUN that installs without refreshing them is not given stale ones.
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apt-get install -y --no-install-recommends jq
