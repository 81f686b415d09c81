FROM python:3.6-jessie
COPY app.py /app.py
CMD ["python", "/app.py"]
