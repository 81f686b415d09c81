# tar reads man/ under /usr/share, which the slim image leaves empty.
FROM debian:bookworm
RUN tar -C /usr/share -czf /opt/man.tgz man
CMD ["bash"]
