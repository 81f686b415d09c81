#!/bin/sh
# Runs the app with the time zone the deployment gives, UTC by default.
export TZ="${TZ:-UTC}"
exec "$@"
