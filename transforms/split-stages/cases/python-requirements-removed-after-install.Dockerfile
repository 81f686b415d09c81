# The install removes the requirements file the COPY just brought: the runtime leaves
# that COPY out and ends the same, without the file.
FROM python:3.11-bookworm
WORKDIR /code
COPY ./requirements.txt /code/requirements.txt
RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt \
 && rm -rf /code/requirements.txt
COPY ./app /code/app
CMD ["gunicorn", "--bind", "0.0.0.0:80", "app.main:app"]
