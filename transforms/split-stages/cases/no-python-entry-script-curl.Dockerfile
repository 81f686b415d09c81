# The entrypoint script of the context waits for the database with curl, which the
# slim runtime lacks.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENTRYPOINT ["./entrypoint.sh"]
CMD ["gunicorn", "app:app"]
