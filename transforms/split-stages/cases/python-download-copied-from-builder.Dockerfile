# A download before the build with curl, which python's slim image lacks: the RUN stays
# in the builder, and the runtime copies the file it named (`-o`), with the mode chmod
# gave it, at the same place in the order.
FROM python:3.12-bookworm
RUN curl -fsSL -o /etc/ssl/certs/db-ca-bundle.pem https://truststore.example.com/global-bundle.pem \
    && chmod 644 /etc/ssl/certs/db-ca-bundle.pem
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
