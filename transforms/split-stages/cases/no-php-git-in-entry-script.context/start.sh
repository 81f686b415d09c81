#!/bin/sh
git rev-parse HEAD > REVISION
exec php -S 0.0.0.0:8080 -t public
