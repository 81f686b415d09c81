# app.py names `file` and `patch` (programs the slim image lacks) as variables: the app's
# own code is not read as commands, only shell scripts the entry runs.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
