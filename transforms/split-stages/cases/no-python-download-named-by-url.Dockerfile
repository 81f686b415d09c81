# wget saves under the URL's name (or `name.1` when that file is there): no word names
# the file, so the runtime could not copy it from the builder.
FROM python:3.12-bookworm
WORKDIR /app
RUN wget -q https://geo.example.com/GeoLite2-City.mmdb
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
