FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
COPY entrypoint /usr/local/bin/entrypoint
ENTRYPOINT ["entrypoint"]
CMD ["python", "app.py"]
