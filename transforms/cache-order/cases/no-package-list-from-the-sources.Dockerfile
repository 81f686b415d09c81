# xargs reads the package names from a file the copy brings (`-a packages.txt`): moved
# before the copy, the install would find no list.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN apt-get update && xargs -a packages.txt apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
