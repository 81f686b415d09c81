FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && echo "[app]" > app.ini
COPY . .
CMD ["python", "app.py"]
