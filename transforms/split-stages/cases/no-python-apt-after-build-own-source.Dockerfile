# A source list written before the build, where the runtime would not have it: the
# install after the build would fetch another package there.
FROM python:3.12-bookworm
RUN echo "deb http://apt.example.org/debian bookworm main" > /etc/apt/sources.list.d/vendor.list
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN apt-get update && apt-get install -y vendor-agent && rm -rf /var/lib/apt/lists/*
CMD ["python", "serve.py"]
