# The HEALTHCHECK runs python -c with urllib: `as` in the code is not a program.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
HEALTHCHECK CMD python -c "import urllib.request as r; r.urlopen('http://localhost:8000/health')"
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
