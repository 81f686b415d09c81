FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
COPY plugins /plugins
RUN find /plugins -name setup.py -execdir pip install . \;
CMD ["python", "app.py"]
