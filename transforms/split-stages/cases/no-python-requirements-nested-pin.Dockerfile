# A setuptools pin two -r includes down: the slim runtime ships setuptools too.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements requirements
RUN pip install -r requirements/prod.txt
COPY . .
CMD ["python", "app.py"]
