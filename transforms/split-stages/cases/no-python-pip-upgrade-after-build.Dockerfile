# pip is upgraded after a requirements install: the user base would already hold
# packages, and the upgrade would land in it, over the runtime's own pip.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --upgrade pip
RUN pip install gunicorn
COPY . .
CMD ["python", "app.py"]
