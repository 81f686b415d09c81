# The ARG also feeds a later expansion with a default: changing it would change the
# file that RUN writes.
ARG PY_TAG=3.11
FROM python:${PY_TAG}
ARG PY_TAG
RUN echo "built for python ${PY_TAG:-unknown}" > /etc/build-info
CMD ["python"]
