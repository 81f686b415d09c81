# build_ext after the build needs a compiler, which the slim runtime lacks.
FROM python:3.11-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN python setup.py build_ext --inplace
CMD ["python", "app.py"]
