# The entry script is not in the build context: it may run a program only the full
# image has, so the build is not split.
FROM python:3.12-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENTRYPOINT ["/app/docker-entrypoint.sh"]
