import sys
file = open(sys.argv[0])
patch = 1
