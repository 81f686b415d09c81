FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 && \
    cp /usr/share/doc/libssl3/changelog.Debian.gz /licenses/
CMD ["bash"]
