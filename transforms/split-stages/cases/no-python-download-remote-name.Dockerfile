# curl -O names the file after the URL, in a folder a `cd` chose: not known in full.
FROM python:3.12-bookworm
RUN cd /usr/local/share && curl -fsSLO https://data.example.com/stopwords.txt
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
