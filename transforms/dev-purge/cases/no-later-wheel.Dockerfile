FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
# pip wheel builds psycopg2 again, with pg_config from libpq-dev.
RUN python -m pip wheel --wheel-dir /wheels psycopg2
CMD ["python", "app.py"]
