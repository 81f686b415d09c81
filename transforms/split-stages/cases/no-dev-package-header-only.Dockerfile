# nlohmann-json3-dev is headers only: no shared library to install, so nothing is known
# to stand for it at run time.
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y nlohmann-json3-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
