FROM debian:bookworm
RUN rm -rf /usr/share/doc/* /usr/share/man/*
CMD ["bash"]
