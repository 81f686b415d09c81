# pip.conf is copied to /tmp and removed by the build RUN: the runtime replays the COPY, so it needs the rm too.
FROM python:3.11-bookworm
COPY requirements.txt pip.conf /tmp/
RUN PIP_CONFIG_FILE=/tmp/pip.conf pip install -r /tmp/requirements.txt && rm -rf /tmp/*
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
