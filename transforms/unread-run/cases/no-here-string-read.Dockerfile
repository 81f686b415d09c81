FROM debian:bookworm
RUN cat <<< "$X" && pip install yafti && cat /y > /x
