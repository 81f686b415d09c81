# An exec-form RUN's words are not read as a command's: what its link points at is not
# known to be in the runtime.
FROM python:3.12-bookworm
RUN ["ln", "-s", "/usr/lib/x86_64-linux-gnu/libexpat.so", "/usr/lib/libexpat.so"]
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
