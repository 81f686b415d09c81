# The entry script runs curl, and the image installs curl itself: the slim image
# gets it the same way.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
COPY start.sh app.py /srv/
CMD ["/srv/start.sh"]
