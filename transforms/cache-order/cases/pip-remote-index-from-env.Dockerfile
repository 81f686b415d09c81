FROM python:3.12-slim
WORKDIR /app
ENV PIP_INDEX_URL=https://pypi.example.org/simple PIP_NO_CACHE_DIR=1
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
