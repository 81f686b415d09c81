FROM debian:bookworm
RUN cat <<< "$(date)" && pip install yafti && cat /y > /x
