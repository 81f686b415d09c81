# Recommended packages asked for by option: the runtime installs the library with them
# too.
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y -o APT::Install-Recommends=true libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
