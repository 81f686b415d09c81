# A header of libpq-dev, which the runtime replaces with libpq5: the replayed cp would
# fail there.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /app && cp /usr/include/postgresql/pg_config.h /app/pg_config.h
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
