#!/bin/sh
# Started by boot.sh: a second level.
pip install -r /app/requirements.txt
exec python /app/app.py
