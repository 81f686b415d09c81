# Packages installed after the build are installed again in the runtime stage (slim
# images have apt, and this RUN fetches its own package lists).
FROM python:3.12-bookworm
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends netcat-openbsd \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "serve.py"]
