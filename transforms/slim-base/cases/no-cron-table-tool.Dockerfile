# cron runs the lines of the tables COPY puts under /etc/cron.d: one pings with wget.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends cron && rm -rf /var/lib/apt/lists/*
COPY app.py /srv/
COPY crontab /etc/cron.d/app
CMD ["cron", "-f"]
