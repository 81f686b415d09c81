FROM python:3.12-slim AS App
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
CMD ["python", "app.py"]
FROM python:3.12-slim AS sdk
COPY --from=APP /usr/include/postgresql /sdk/include
RUN tar -czf /sdk.tgz /sdk
FROM App
COPY --from=sdk /sdk.tgz /opt/sdk.tgz
