# The runtime replays the append before installing wget, as dockerlean once did: dpkg
# then meets an /etc/wgetrc it does not own and stops at its conffile prompt, so the
# build fails (with an answer it would keep the one appended line).
FROM python:3.11 AS builder
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
ENV PYTHONUSERBASE=/install PIP_USER=1 PATH="/install/bin:$PATH"
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
RUN echo "timeout = 5" >> /etc/wgetrc
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

FROM python:3.11-slim
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN echo "timeout = 5" >> /etc/wgetrc
WORKDIR /app
RUN apt-get update && \
    apt-get install -y --no-install-recommends wget && \
    rm -rf /var/lib/apt/lists/*
COPY --from=builder /install /usr/local
COPY app.py .
CMD ["python", "app.py"]
