# `COPY requirements.txt ../` lands in /app, not /app/src, where `rm -f` removes nothing:
# the image keeps the file. A destination with `..` is not resolved, so not moved.
FROM python:3.11-bookworm
WORKDIR /app/src
COPY requirements.txt ../
RUN pip install --no-cache-dir -r ../requirements.txt && rm -f requirements.txt
COPY . .
CMD ["python", "app.py"]
