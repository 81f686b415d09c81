# The RUN tests for a file the copy brings: moved before the copy, the test would be
# false and the extra packages would not be installed.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN apt-get update \
    && if [ -f apt-packages.txt ]; then apt-get install -y --no-install-recommends libpq5; fi \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
