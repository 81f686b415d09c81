# A file written before the build at a path the shell expands: where it lands is not
# known, so it may be one of apt's sources.
FROM python:3.12-bookworm
ENV LISTS=/etc/apt/sources.list.d
RUN echo "deb http://apt.example.org/debian bookworm main" > $LISTS/vendor.list
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN apt-get update && apt-get install -y vendor-agent && rm -rf /var/lib/apt/lists/*
CMD ["python", "serve.py"]
