# An earlier RUN runs a script whose writes are not known: it may have written the
# file the rm removes (here it does), which a replaying runtime would keep.
FROM python:3.11-bookworm
WORKDIR /app
COPY gen.py .
RUN python gen.py
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && rm requirements.txt
COPY app.py .
CMD ["python", "app.py"]
