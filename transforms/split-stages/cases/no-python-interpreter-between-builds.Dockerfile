# The nltk download needs the packages the first pip install put in /usr/local; the
# runtime replays it before it takes them from the builder, so it would fail there.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN python -c "import nltk; nltk.download('punkt')"
RUN pip install gunicorn
COPY . .
CMD ["gunicorn", "app:app"]
