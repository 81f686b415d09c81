# The slim image's dpkg configuration leaves out /usr/share/doc (but the copyright
# files): the replayed cp would find no folder to copy.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /app/licenses && cp -r /usr/share/doc/libpq5 /app/licenses/
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
