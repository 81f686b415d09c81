# The COPY replaced a file the base image has (/etc/motd): the rm leaves no motd, the
# runtime without the COPY and the rm would keep the image's own.
FROM python:3.11-bookworm
WORKDIR /app
COPY motd /etc/
RUN pip install --no-cache-dir flask==3.0.0 && rm /etc/motd
COPY . .
CMD ["python", "app.py"]
