# pip wheel builds wheels from source distributions: it needs the full image's compiler.
FROM python:3.11-bookworm
RUN pip wheel --wheel-dir /wheels psycopg2==2.9.9
CMD ["python3"]
