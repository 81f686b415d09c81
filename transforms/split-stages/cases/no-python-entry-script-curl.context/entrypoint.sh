#!/bin/sh
until curl -fs http://db:5432; do sleep 1; done
exec "$@"
