FROM python:3.12-slim
SHELL ["pwsh", "-Command"]
RUN apt-get update; apt-get install -y gcc libpq-dev; pip install psycopg2
SHELL ["/bin/sh", "-c"]
CMD ["python", "app.py"]
