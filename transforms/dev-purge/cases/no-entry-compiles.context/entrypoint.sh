#!/bin/sh
# Extensions named at run time are built when the container starts.
for ext in $PHP_EXTENSIONS; do
  docker-php-ext-install "$ext"
done
exec "$@"
