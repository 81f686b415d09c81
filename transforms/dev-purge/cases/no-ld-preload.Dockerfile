FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libjemalloc-dev \
    && pip install --no-cache-dir psycopg2 && rm -rf /var/lib/apt/lists/*
# Only libjemalloc-dev ships the unversioned name.
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so
CMD ["gunicorn", "app:app"]
