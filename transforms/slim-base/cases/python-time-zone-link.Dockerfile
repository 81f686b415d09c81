# python's slim images install tzdata themselves, so the link finds its zone there too;
# /srv/conf is the Dockerfile's own, made before the cd.
FROM python:3.12-bookworm
COPY conf/ /srv/conf/
RUN ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime \
    && cd /srv/conf && cp defaults.ini app.ini && ln -s app.ini current.ini
COPY app.py /app/
CMD ["python", "/app/app.py"]
