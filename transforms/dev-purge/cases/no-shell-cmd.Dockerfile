FROM python:3.12
RUN apt-get update && apt-get install -y libxml2-dev libxslt1-dev && pip install lxml
CMD ["/bin/bash", "-l"]
