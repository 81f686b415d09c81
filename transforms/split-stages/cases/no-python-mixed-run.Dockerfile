FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && useradd --create-home app
COPY . .
CMD ["python", "app.py"]
