# The RUN that appends to nginx's config is replayed after the runtime installs nginx, as
# in the original: before it, /etc/nginx would not exist (or dpkg would meet a file it
# does not own).
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nginx
RUN echo "daemon off;" >> /etc/nginx/nginx.conf
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
