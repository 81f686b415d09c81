# syntax=docker/dockerfile:1
FROM python:3.12.4-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
ARG APP_VERSION=1.0
LABEL org.opencontainers.image.version=$APP_VERSION
WORKDIR /srv
# the project and its package metadata
COPY pyproject.toml README.md ./
COPY src/ src/
RUN pip install .
RUN useradd --create-home --uid 10001 app
USER app
EXPOSE 8000
ENTRYPOINT ["gunicorn"]
CMD ["--bind", "0.0.0.0:8000", "service.wsgi:app"]
