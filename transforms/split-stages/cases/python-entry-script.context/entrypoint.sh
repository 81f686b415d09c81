#!/bin/sh
# Wait for the database with Python itself, then run the command.
until python -c "import socket; socket.create_connection((\"db\", 5432))"; do sleep 1; done
exec "$@"
