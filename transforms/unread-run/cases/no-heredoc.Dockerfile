FROM debian:bookworm
RUN <<EOF
set -e
echo hi
EOF
