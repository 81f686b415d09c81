FROM python:3.11
WORKDIR /app
RUN echo "[app]" > /etc/app.ini; mkdir -p /var/log/app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
