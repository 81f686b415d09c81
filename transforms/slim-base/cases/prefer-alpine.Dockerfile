FROM python:3.11-bookworm
COPY app.py /app/
CMD ["python", "/app/app.py"]
