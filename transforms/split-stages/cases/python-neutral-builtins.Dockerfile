FROM python:3.11
WORKDIR /app
COPY . .
RUN cd /app && export PIP_NO_WARN=1 && pip install -r requirements.txt
RUN cd /app && true
CMD ["python", "main.py"]
