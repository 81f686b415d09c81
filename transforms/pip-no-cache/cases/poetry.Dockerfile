FROM python:3.12
RUN pip install poetry && poetry install --no-root
