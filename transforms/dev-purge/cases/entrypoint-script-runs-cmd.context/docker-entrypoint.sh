#!/bin/sh
set -e
# Runs its arguments, as the official images' entry scripts do.
if [ "${1#-}" != "$1" ]; then
  set -- apache2-foreground "$@"
fi
exec "$@"
