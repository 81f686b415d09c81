# The install after the build uses the lists the first RUN left: the slim runtime has
# none, so replayed there it would fail.
FROM python:3.12-bookworm
RUN apt-get update
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN apt-get install -y netcat-openbsd
CMD ["python", "serve.py"]
