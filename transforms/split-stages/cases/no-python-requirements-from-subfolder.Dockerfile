# requirements.txt comes from backend/ and holds an editable line: found by name in the context.
FROM python:3.11-bookworm
WORKDIR /app
COPY backend/requirements.txt .
RUN pip install -r requirements.txt
COPY backend/ .
CMD ["python", "app.py"]
