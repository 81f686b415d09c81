#!/bin/sh
curl -fsS http://config.internal/app.ini -o /srv/app.ini
exec python /srv/app.py
