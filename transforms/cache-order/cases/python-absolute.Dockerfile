# No WORKDIR: the paths the install reads are absolute, so the base image's working
# directory does not matter.
FROM python:3.12
COPY . /app
RUN pip install --no-cache-dir -r /app/requirements.txt
CMD ["python", "/app/main.py"]
