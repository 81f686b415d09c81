ARG PY=3.12
FROM python:${PY}
RUN echo "built for ${PY}"
