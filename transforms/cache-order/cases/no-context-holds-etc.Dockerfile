# No WORKDIR: the copy goes to the base image's (`/` for python), and the context has an
# `etc` folder, which an install may write in too.
FROM python:3.12
COPY . .
RUN pip install -r requirements.txt
