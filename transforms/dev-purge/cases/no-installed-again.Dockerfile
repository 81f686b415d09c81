FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2==2.9.9
RUN apt-get install -y postgresql-client libpq-dev
CMD ["python", "app.py"]
