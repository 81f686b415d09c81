# `cp -r /src/. .` copies the whole context, requirements.txt too, into /app: the rm
# removes that copy as well, which a runtime replaying the cp would keep.
FROM python:3.11-bookworm
COPY . /src
WORKDIR /app
RUN cp -r /src/. .
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && rm requirements.txt
CMD ["python", "app.py"]
