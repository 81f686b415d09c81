import subprocess
import six

# wget's configuration: the package's own lines and the one the Dockerfile appended.
lines = open("/etc/wgetrc").read().splitlines()
print("six", six.__version__, "wgetrc lines", len(lines), "last", lines[-1])
print(subprocess.run(["wget", "--version"], capture_output=True, text=True).stdout.splitlines()[0])
