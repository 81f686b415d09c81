# `--ta DIR` is pip's `--target DIR` (a unique prefix): the packages land outside the
# interpreter's environment, where the runtime's copy would not take them.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --ta /opt/deps -r requirements.txt
COPY . .
ENV PYTHONPATH=/opt/deps
CMD ["python", "app.py"]
