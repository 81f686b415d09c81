# pip3.11 has no facts (only pip and pip3 do): it may compile, as it would here
# (psycopg2 from source needs gcc and libpq-dev), so the full image stays.
FROM python:3.11-bookworm
RUN pip3.11 install psycopg2==2.9.9
CMD ["python3"]
