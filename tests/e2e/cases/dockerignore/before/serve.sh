#!/bin/sh
echo "serving $(cat /srv/config/site.conf)"
