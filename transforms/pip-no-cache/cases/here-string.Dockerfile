FROM python:3.11
RUN cat <<< "$X" && pip install yafti && cat /y > /x
