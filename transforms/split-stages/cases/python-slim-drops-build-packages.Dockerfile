FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y gcc libpq-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "-m", "worker"]
