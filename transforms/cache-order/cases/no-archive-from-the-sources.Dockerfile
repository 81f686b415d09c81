# tar reads its archive from the -f option's value, which the copy of the sources
# brings: moved before that copy, the RUN would find no archive.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN tar -xzf vendor.tgz && pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
