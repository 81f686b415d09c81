# A later RUN takes wheels from the pip cache (`--find-links` into it): the installs
# before it keep their cache. Advice on those; the last one gets --no-cache-dir.
FROM python:3.12
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN pip install --no-index --find-links /root/.cache/pip/wheels -r requirements.txt
