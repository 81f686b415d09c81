# The COPY makes /deps, which the rm leaves behind: left out, the runtime would lack it.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt /deps/requirements.txt
RUN pip install -r /deps/requirements.txt && rm /deps/requirements.txt
COPY . .
CMD ["python", "app.py"]
