# Links to a file the Dockerfile wrote itself and to the time zone data the python slim
# images install (tzdata), and a copy of a file the COPY brought: all there in the
# runtime too, so the RUN is replayed as it stands.
FROM python:3.12-bookworm
COPY conf/gunicorn.conf.py /srv/conf/gunicorn.conf.py
RUN echo "timeout = 30" >> /srv/conf/gunicorn.conf.py \
    && cp /srv/conf/gunicorn.conf.py /srv/conf/gunicorn.default.py \
    && ln -s /srv/conf/gunicorn.conf.py /etc/gunicorn.conf.py \
    && ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "-c", "/etc/gunicorn.conf.py", "app:app"]
