# The tag names no release, but the original installs apt packages, so it only builds on
# a release apt still serves (bullseye, bookworm, trixie), and libpq-dev's library is
# libpq5 in all of them.
FROM python:3.10
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["gunicorn", "app:app"]
