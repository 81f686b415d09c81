FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc tini libpq-dev && pip install psycopg2
ENTRYPOINT ["tini", "-e", "143", "--"]
CMD ["bash"]
