# Files copied into `/` cannot hold /etc/apt: apt's sources stay Debian's, and the
# runtime can install the libraries the build linked from there.
FROM python:3.12
COPY requirements.txt /
COPY __main__.py /
RUN pip install -r /requirements.txt
CMD ["python", "/__main__.py"]
