# The rm before the build is replayed after the runtime copies the app again, or .env
# and the local settings would ship.
FROM python:3.11-bookworm
WORKDIR /app
COPY . .
RUN rm -f .env settings_local.py
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
