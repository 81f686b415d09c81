# pip's global options come before the subcommand: `--cache-dir DIR` takes a value, so
# this is `pip uninstall`, which the runtime would not see.
FROM python:3.11-bookworm
WORKDIR /app
RUN pip --cache-dir /tmp/pip-cache uninstall -y setuptools
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
