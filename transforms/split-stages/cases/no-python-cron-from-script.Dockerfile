# The entrypoint script starts cron, and the table COPY puts in /etc/cron.d runs curl,
# which the slim runtime lacks.
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends cron && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
COPY jobs.cron /etc/cron.d/jobs
ENTRYPOINT ["./entrypoint.sh"]
CMD ["gunicorn", "app:app"]
