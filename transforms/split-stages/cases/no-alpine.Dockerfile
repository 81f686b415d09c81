FROM python:3.12-alpine
RUN apk add --no-cache gcc musl-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python"]
