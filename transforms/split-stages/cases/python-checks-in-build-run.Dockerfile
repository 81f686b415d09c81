# A build RUN that also checks what it installed (pip show | grep) and where python
# is (which): those steps only print, so the RUN is a build step alone.
FROM python:3.12-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && pip show flask | grep -q 'Version: 3' && which python
COPY . .
CMD ["python", "app.py"]
