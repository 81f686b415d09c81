# The virtualenv comes from a builder on the full image: its C extensions may link
# libraries (libpq from libpq-dev) that the slim image lacks.
FROM python:3.11 AS builder
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install -r requirements.txt

FROM python:3.11
COPY --from=builder /venv /venv
COPY app.py /app/
CMD ["/venv/bin/python", "/app/app.py"]
