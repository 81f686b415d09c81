# The same in tar's traditional syntax (its first word is a cluster of options), into
# another folder with -C: the archive comes with the sources.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN tar xzf vendor.tgz -C /opt && pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
