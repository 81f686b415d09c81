FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libffi-dev && pip install cffi
ENTRYPOINT ["tini", "--"]
CMD ["bash"]
