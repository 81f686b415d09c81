# The original purges ImageMagick before the build: the runtime must not install it.
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev imagemagick \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get purge -y imagemagick
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
