# The command the image starts with runs curl, which python's slim image lacks.
FROM python:3.12-bookworm
COPY app.py /srv/app.py
CMD ["sh", "-c", "curl -fsS http://config.internal/app.ini -o /srv/app.ini && exec python /srv/app.py"]
