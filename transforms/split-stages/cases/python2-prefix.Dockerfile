FROM python:2.7
RUN pip install requests
CMD ["python"]
