import hashlib
import six

with open("/usr/local/share/hello.deb", "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
print("hello.deb", digest, "six", six.__version__)
