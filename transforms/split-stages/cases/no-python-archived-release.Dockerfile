# stretch is archived: the runtime's apt could not fetch a library the build linked.
FROM python:3.6-stretch
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
