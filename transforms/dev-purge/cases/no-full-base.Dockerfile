FROM python:3.12
# buildpack-deps already installed libpq-dev: the purge would take it too.
RUN apt-get update && apt-get install -y libpq-dev && pip install psycopg2
CMD ["python", "app.py"]
