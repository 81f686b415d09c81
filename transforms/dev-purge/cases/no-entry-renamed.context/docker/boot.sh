#!/bin/sh
set -e
. /app/env.sh
exec /app/run-nested.sh
