# syntax=docker/dockerfile:1
FROM python:3.12-slim
WORKDIR /app
RUN apt-get update && apt-get install -y gcc libpq-dev \
    && pip install --no-cache-dir psycopg2==2.9.9 && rm -rf /var/lib/apt/lists/*
COPY <<'EOT' /usr/local/bin/entry.sh
#!/bin/sh
pip install --no-cache-dir -r /app/requirements.txt
exec "$@"
EOT
RUN chmod +x /usr/local/bin/entry.sh
COPY . .
ENTRYPOINT ["entry.sh"]
CMD ["python", "app.py"]
