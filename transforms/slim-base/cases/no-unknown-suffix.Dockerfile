FROM python:2.7-wheezy
COPY app.py /app.py
CMD ["python", "/app.py"]
