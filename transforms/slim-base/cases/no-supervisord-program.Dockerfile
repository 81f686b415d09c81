# supervisord runs the programs its configuration names: one of them runs git.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends supervisor && rm -rf /var/lib/apt/lists/*
COPY supervisor/ /etc/supervisor/conf.d/
COPY app.py /srv/
CMD ["supervisord", "-n"]
