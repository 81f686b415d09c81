# `pip wheel .` builds the project of its folder, which the copy brings: it stays after
# the copy with the package install it shares a RUN with.
FROM python:3.12-slim
WORKDIR /src
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends gcc \
    && pip wheel --no-cache-dir -w /wheels . && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
