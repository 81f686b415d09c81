FROM python:3.11
WORKDIR /app
COPY . .
RUN python setup.py build_ext --inplace
CMD ["python", "-m", "app"]
