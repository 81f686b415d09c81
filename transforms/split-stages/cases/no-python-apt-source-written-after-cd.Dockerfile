# A relative write after a literal `cd` lands in apt's sources: the runtime, installing
# after the build from Debian's sources alone, would not see the extra source. Advice.
FROM python:3.12-bookworm
RUN cd /etc/apt/sources.list.d && echo "deb http://deb.example.com/debian bookworm main" > extra.list
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends example-tool \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
