FROM scratch
COPY app /
CMD ["/app"]
