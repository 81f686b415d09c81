FROM python:3.10
RUN groupadd -r web && useradd -r -g web web && mkdir -p /data
WORKDIR /app
COPY requirements.txt .
RUN POETRY_VIRTUALENVS_CREATE=false pip install -r requirements.txt
COPY --chown=web:web . .
USER web
VOLUME /data
STOPSIGNAL SIGINT
CMD ["python", "main.py"]
