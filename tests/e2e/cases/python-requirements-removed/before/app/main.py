import getpass
import idna
import six

print("idna", idna.encode("bücher.example").decode(), "six", six.__version__, "as", getpass.getuser())
