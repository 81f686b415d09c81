# An earlier COPY brings another file into the folder, not requirements.txt: the COPY
# the build's rm undoes is still left out of the runtime.
FROM python:3.11-bookworm
WORKDIR /app
COPY setup.cfg .
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && rm requirements.txt
COPY . .
CMD ["python", "app.py"]
