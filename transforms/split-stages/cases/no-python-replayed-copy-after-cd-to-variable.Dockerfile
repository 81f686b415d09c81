# After `cd "$CONF_DIR"` the folder of `defaults.ini` is not known, so neither is
# whether the runtime has it.
FROM python:3.12-bookworm
ENV CONF_DIR=/usr/share/myapp
RUN mkdir -p /srv && cd "$CONF_DIR" && cp defaults.ini /srv/app.ini
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
