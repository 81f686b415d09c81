# The upgrade RUN also downloads a file: it is not an upgrade alone.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --upgrade pip && curl -fsSLo /usr/local/share/ca.pem https://example.com/ca.pem
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
