# An autoremove after purging libpq-dev also removes libpq5, installed automatically
# with it: the runtime would install it.
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && apt-get purge -y --auto-remove libpq-dev
COPY . .
CMD ["python", "app.py"]
