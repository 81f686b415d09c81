# An earlier `COPY requirements.txt .` already put the file: the rm removes it, and a
# runtime replaying that COPY would keep it.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip download --no-cache-dir -d /tmp/wheels -r requirements.txt
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && rm requirements.txt
COPY app.py .
CMD ["python", "app.py"]
