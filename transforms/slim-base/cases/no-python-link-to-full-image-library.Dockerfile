# python's full image has libpq-dev (from buildpack-deps), the slim one has not: the
# link would dangle there without a word.
FROM python:3.12-bookworm
RUN ln -s /usr/lib/x86_64-linux-gnu/libpq.so /usr/lib/libpq.so
COPY app.py /app/
CMD ["python", "/app/app.py"]
