FROM debian:bookworm
RUN cd /src
RUN make install
