FROM python:3.11
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN POETRY_VIRTUALENVS_CREATE=false poetry install --no-root
COPY . .
CMD ["python", "app.py"]
