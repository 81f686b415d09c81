FROM debian:bookworm
RUN set -eux; make
RUN umask 077
RUN f() { echo hi; }
RUN f
