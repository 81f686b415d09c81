FROM python:3.12-slim
WORKDIR /app
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install --no-cache-dir psycopg2==2.9.9 \
    && rm -rf /var/lib/apt/lists/*
COPY . .
CMD ["python", "app.py"]
