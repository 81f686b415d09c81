# pip writes into the copied folder (--target): the copy of the sources would then land
# on top of what it installed.
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt --target ./deps
CMD ["python", "-m", "app"]
