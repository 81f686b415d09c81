# `-qr FILE` is `-q -r FILE`: the requirements file pins setuptools, which the runtime
# image ships too, so the split would mix two versions.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -qr requirements.txt
COPY . .
CMD ["python", "app.py"]
