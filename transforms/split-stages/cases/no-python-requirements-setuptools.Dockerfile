# requirements.txt pins setuptools, which the slim runtime ships too: two versions would mix.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
