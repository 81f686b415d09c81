#!/bin/sh
until curl -fsS http://config:8080/ready; do sleep 1; done
curl -fsS http://config:8080/app.json -o /app/config.json
exec gunicorn -b 0.0.0.0:8000 app:app
