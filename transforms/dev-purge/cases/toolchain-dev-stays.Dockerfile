FROM python:3.12-slim
# libc6-dev belongs to the compiler, not to a library: it is not named in the purge.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \
    && pip install --no-cache-dir psycopg2==2.9.9 && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
