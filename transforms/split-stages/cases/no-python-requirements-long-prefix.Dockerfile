# pip takes a unique prefix of a long option: `--requirem FILE` is `--requirement FILE`,
# whose file pins setuptools, which the runtime image ships too.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --requirem requirements.txt
COPY . .
CMD ["python", "app.py"]
