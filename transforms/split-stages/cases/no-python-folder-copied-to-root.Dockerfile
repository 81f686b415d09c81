# A folder copied into `/` may hold etc/apt: the runtime, installing from Debian's
# sources alone, could get other packages than the builder had.
FROM python:3.12
COPY rootfs/ /
COPY requirements.txt /
RUN pip install -r /requirements.txt
CMD ["python", "-m", "app"]
