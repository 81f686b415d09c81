# A RUN between the COPY and the removal reads the file, and the runtime replays it.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN cp requirements.txt /etc/app-requirements.txt
RUN pip install -r requirements.txt && rm requirements.txt
COPY . .
CMD ["python", "app.py"]
