FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install -e .
CMD ["python", "-m", "app"]
