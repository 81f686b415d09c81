FROM debian:bookworm
RUN ln -sf /bin/bash /bin/sh
RUN if [[ -d /opt ]]; then echo yes; fi
