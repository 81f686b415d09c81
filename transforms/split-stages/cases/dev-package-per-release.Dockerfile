# The same -dev package names another library in each release: bullseye's libssl1.1.
FROM python:3.11-bullseye
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev libffi-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
