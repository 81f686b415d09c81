# Under a SHELL with pipefail the builder's library listing still succeeds (its steps
# that fail for a script or an unowned library are guarded).
FROM python:3.12-bookworm
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
