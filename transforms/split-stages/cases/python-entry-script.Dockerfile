# The entrypoint script runs only what the slim runtime has: split.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENTRYPOINT ["./entrypoint.sh"]
CMD ["gunicorn", "app:app"]
