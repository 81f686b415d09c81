FROM python:3.11-trixie
RUN apt-get update && apt-get install -y libgdal-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
