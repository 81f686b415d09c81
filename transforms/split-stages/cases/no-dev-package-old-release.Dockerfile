# buster's package index is on archive.debian.org, which dev-libs.toml does not cover.
FROM python:3.8-buster
RUN apt-get update && apt-get install -y libpq-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
