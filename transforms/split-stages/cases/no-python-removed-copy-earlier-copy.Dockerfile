# `COPY . .` already brought requirements.txt: the rm removes that copy too, which the
# runtime (copying again from the context without the second COPY) would keep.
FROM python:3.11-bookworm
WORKDIR /app
COPY . .
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt && rm requirements.txt
CMD ["python", "app.py"]
