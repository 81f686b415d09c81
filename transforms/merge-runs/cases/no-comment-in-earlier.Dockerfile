FROM debian:bookworm
RUN make # build it
RUN make install
