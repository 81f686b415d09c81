FROM python:3.12-slim
WORKDIR /app
ARG PIP_FIND_LINKS
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
