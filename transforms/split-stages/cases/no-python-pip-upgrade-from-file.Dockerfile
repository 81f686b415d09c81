# The upgrade reads a file (-r): what it installs is not the named base packages alone.
FROM python:3.11-bookworm
WORKDIR /app
COPY tools.txt requirements.txt ./
RUN pip install -rtools.txt
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
