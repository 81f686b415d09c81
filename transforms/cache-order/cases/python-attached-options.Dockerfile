FROM python:3.12
COPY --chown=1000:1000 . .
ENV PIP_NO_CACHE_DIR=1
RUN pip install -r requirements.txt
USER 1000
CMD ["gunicorn", "app.wsgi"]
