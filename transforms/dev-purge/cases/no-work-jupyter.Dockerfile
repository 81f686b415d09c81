FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libffi-dev && pip install jupyterlab cffi
CMD ["python", "-m", "jupyter", "lab", "--ip=0.0.0.0", "--allow-root"]
