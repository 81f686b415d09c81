# CMD runs start.sh through sh, and the script waits with curl, which the slim runtime lacks.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["sh", "start.sh"]
