FROM python:3.12
RUN PIP_NO_CACHE_DIR=off pip install flask
