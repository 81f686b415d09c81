FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN echo "[app]" > /etc/app.ini && pip install -r requirements.txt
RUN sed -i "s/app/web/" /etc/app.ini && pip install gunicorn
COPY . .
CMD ["python", "app.py"]
