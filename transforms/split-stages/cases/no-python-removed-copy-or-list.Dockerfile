# `test || rm`: the rm does not run when the test succeeds.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && [ -n "$KEEP_REQUIREMENTS" ] || rm requirements.txt
COPY . .
CMD ["python", "app.py"]
