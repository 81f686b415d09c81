# The split as it was written before the runtime installed the libraries the build
# linked: the extension needs libyaml, which the slim image lacks, so the probe fails.
FROM python:3.11 AS builder
ENV PYTHONUSERBASE=/install PIP_USER=1 PATH="/install/bin:$PATH"
WORKDIR /app
COPY setup.py yamlver.c ./
RUN pip install --no-build-isolation .

FROM python:3.11-slim
WORKDIR /app
COPY setup.py yamlver.c ./
COPY --from=builder /install /usr/local
CMD ["python", "-c", "import yamlver; print(yamlver.version())"]
