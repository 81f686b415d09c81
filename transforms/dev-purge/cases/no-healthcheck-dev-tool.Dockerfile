FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2==2.9.9
HEALTHCHECK CMD pg_config --version || exit 1
CMD ["python","app.py"]
