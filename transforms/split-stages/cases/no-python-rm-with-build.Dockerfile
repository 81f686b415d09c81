# The RUN both builds and removes files the runtime copies again: advice.
FROM python:3.11-bookworm
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt && rm -f .env
CMD ["python", "app.py"]
