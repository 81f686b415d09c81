# pip uninstall changes the interpreter's own packages in /usr/local: run in the
# builder, its removal would not reach the runtime, which keeps setuptools and wheel.
FROM python:3.11-bookworm
WORKDIR /app
RUN pip uninstall -y setuptools wheel
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
