# Only pip is upgraded: no other build, nothing for a user base to hold.
FROM python:3.11-bookworm
RUN pip install --upgrade pip
COPY app.py /app/
CMD ["python", "/app/app.py"]
