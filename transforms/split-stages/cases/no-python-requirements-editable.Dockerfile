# An editable line of requirements.txt clones into ./src, which the runtime's fresh copy of the app lacks.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
