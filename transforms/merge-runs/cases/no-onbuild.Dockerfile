FROM debian:bookworm
ONBUILD RUN make
RUN make install
