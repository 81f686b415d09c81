FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libxml2-dev libxslt1-dev && pip install lxml
CMD ["/bin/bash", "-l"]
