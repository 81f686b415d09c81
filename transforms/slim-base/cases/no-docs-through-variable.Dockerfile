# The documentation folder reaches the copy through a variable: the slim image has no
# /usr/share/doc/bash to copy.
FROM debian:bookworm
RUN D=/usr/share/doc; cp -r $D/bash /opt/bash-doc
CMD ["bash"]
