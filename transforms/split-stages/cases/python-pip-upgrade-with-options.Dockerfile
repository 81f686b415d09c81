# Options with values (`--root-user-action=ignore`, `--progress-bar off`) are pip's
# own: the RUN still only upgrades pip, and is replayed in the runtime.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --root-user-action=ignore --progress-bar off --upgrade pip
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
