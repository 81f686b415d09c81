# `touch -r FILE` reads FILE's times: app.py, which the copy of the sources
# brings. Moved before that copy, touch would fail.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt && touch -r app.py /stamp
CMD ["python", "app.py"]
