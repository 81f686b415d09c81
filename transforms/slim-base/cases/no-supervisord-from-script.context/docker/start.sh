#!/bin/sh
set -e
exec supervisord -n -c /etc/supervisor/supervisord.conf
