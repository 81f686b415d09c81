FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
CMD ["bash", "-lc", "pip install -r requirements.txt && exec python app.py"]
