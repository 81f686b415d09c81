# The rm removes more than the copied file.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && rm requirements.txt /etc/motd
COPY . .
CMD ["python", "app.py"]
