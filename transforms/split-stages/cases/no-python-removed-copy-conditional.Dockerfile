# The rm runs only when a condition holds: the file may stay in the image.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && if [ -z "$KEEP_REQUIREMENTS" ]; then rm requirements.txt; fi
COPY . .
CMD ["python", "app.py"]
