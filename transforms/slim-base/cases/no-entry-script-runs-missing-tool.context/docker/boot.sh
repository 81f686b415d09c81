#!/bin/sh
set -e
git -C /srv/content pull --ff-only
exec node server.js
