# The runtime installs libgeos-c1v5 in place of libgeos-dev, and only the -dev package
# ships the unversioned libgeos_c.so: replayed there, the link would dangle without a
# word, and the app's ctypes.CDLL("/usr/lib/libgeos.so") would fail at run time.
FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libgeos-dev && rm -rf /var/lib/apt/lists/*
RUN ln -s /usr/lib/x86_64-linux-gnu/libgeos_c.so /usr/lib/libgeos.so
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
