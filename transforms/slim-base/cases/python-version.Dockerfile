FROM python:3.11
COPY app.py /app/
CMD ["python", "/app/app.py"]
