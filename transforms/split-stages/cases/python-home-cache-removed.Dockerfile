# ~/.cache/pip is root's cache, a build-only place.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && rm -rf ~/.cache/pip
COPY . .
CMD ["python", "app.py"]
