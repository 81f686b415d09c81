# With `-e`, grep's pattern comes by the option and every operand is a file it reads:
# `src`, which the copy of the sources brings. Moved before that copy, grep would find
# no folder and the build would fail.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir flask && grep -e TODO -r src > /todo.txt
CMD ["python", "app.py"]
