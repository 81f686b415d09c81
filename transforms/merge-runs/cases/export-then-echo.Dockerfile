FROM debian:bookworm
RUN export X=1
RUN echo "$X"
