FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
# The script is copied under another name than it has in the context.
COPY docker/boot.sh /usr/local/bin/start
CMD ["start"]
