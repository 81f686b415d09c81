# `ls` with no operand lists its working directory: moved before the copy of the
# sources, /files.txt would list none of them.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir flask && ls > /files.txt
CMD ["python", "app.py"]
