FROM python:3.11 AS build
RUN pip wheel --wheel-dir /wheels requests
FROM python:3.11-slim
COPY --from=build /wheels /wheels
RUN pip install /wheels/*
