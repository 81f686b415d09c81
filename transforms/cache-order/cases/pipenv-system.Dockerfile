FROM python:3.12
WORKDIR /srv
COPY . .
RUN pip install --no-cache-dir pipenv && pipenv install --system --deploy
CMD ["python", "main.py"]
