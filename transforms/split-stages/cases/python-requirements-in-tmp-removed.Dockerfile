# Requirements copied into /tmp (a folder every image has) and removed by the install's RUN.
FROM python:3.11-bookworm
COPY requirements.txt /tmp/
RUN pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
