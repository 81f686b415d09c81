FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libxml2-dev curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
HEALTHCHECK CMD curl -fs http://localhost:8000/health || exit 1
CMD ["python", "-m", "app"]
