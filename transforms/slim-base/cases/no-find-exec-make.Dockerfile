# find runs make for each vendored module: make is a tool the slim image lacks.
FROM python:3.11-bookworm
WORKDIR /app
COPY . .
RUN find vendor -name Makefile -execdir make install \;
CMD ["python", "app.py"]
