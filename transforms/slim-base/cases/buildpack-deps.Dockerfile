FROM buildpack-deps:bookworm-curl
COPY run.sh /
CMD ["/run.sh"]
