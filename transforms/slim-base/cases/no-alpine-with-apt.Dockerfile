FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
CMD ["python"]
