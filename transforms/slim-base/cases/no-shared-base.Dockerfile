# The shipped stage's base stage is also the builder's: swapping it would move the
# build onto the slim image, which has no compiler.
FROM python:3.11 AS base
WORKDIR /app

FROM base AS builder
COPY requirements.txt .
RUN pip install --prefix=/install -r requirements.txt

FROM base
COPY app.py .
CMD ["python", "app.py"]
