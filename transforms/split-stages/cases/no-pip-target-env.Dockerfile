FROM python:3.11
ENV PIP_TARGET=/deps
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python"]
