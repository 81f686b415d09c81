FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && echo "[app]" > /etc/app.ini && mkdir -p /var/log/app
COPY . .
CMD ["python", "app.py"]
