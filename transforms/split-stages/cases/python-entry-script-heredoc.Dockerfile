# The entry script writes an INI file with a heredoc: its lines (file = ...) are text, not commands.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENTRYPOINT ["./docker-entrypoint.sh"]
