# A relative rm after a cd names another file than the copied one.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && cd /srv && rm requirements.txt
COPY . .
CMD ["python", "app.py"]
