# A RUN of its own that upgrades pip and setuptools before the requirements: the
# builder runs it before the user base is set, and the runtime replays it.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN python -m pip install --upgrade pip "setuptools>=70"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
