# The tag names no Debian release: python:3.11 was bookworm until trixie came, so the
# library behind libssl-dev (libssl3 or libssl3t64) is not certain.
FROM python:3.11
RUN apt-get update && apt-get install -y libssl-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
