# dumb-init runs start.sh, which uses curl, which the slim runtime lacks.
FROM python:3.11-bookworm
RUN pip install dumb-init
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .

ENTRYPOINT ["dumb-init", "--", "/app/start.sh"]
