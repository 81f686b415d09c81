# build_ext before the pip install would be replayed in the slim runtime, which has no compiler.
FROM python:3.11-bookworm
WORKDIR /app
COPY . .
RUN python setup.py install
RUN pip install -r requirements.txt
CMD ["python", "-m", "myapp"]
