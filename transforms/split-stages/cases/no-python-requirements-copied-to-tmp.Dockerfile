# deploy/requirements.txt, copied to /tmp, pins setuptools, which the slim runtime ships too.
FROM python:3.11-bookworm
COPY deploy/requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
