# A cron table piped into crontab is text dockerlean does not read (and crontab is a program
# without facts): either way it may run anything.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends cron && rm -rf /var/lib/apt/lists/*
COPY app.py /srv/
RUN echo '*/5 * * * * python /srv/app.py' | crontab -
CMD ["cron", "-f"]
