# python-magic loads libmagic by name (ctypes): the full image has it (buildpack-deps
# installs `file`), the slim runtime does not, and ldd cannot see the need.
FROM python:3.12-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
