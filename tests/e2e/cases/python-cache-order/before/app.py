import docopt, six
print(docopt.__version__, six.__version__)
