# The install takes its packages from a folder the copy brings (`-f ./wheels`): moved
# before the copy with the requirements alone, it would find none.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-index -f ./wheels -r requirements.txt
CMD ["python", "app.py"]
