ARG PY=3.11
FROM python:${PY}
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python"]
