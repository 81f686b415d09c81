FROM python:3.12-slim
RUN apt-get update && apt-get install -y sudo \
    && useradd -m app && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app
USER app
# The appended apt-mark would run as app, not through sudo.
RUN sudo apt-get update && sudo apt-get install -y gcc libpq-dev \
    && pip install --user psycopg2
CMD ["python", "app.py"]
