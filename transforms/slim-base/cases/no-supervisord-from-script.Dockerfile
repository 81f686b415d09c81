# The entry script starts supervisord, whose configuration runs git.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends supervisor && rm -rf /var/lib/apt/lists/*
COPY docker/supervisord.conf /etc/supervisor/supervisord.conf
COPY docker/start.sh /usr/local/bin/start.sh
COPY app.py /srv/
CMD ["start.sh"]
