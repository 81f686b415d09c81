FROM debian:bookworm
RUN a
ENV PATH=/opt/bin:$PATH
RUN b
ARG V=1
RUN c
