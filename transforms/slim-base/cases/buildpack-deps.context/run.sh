#!/bin/sh
echo "starting"
exec cat /etc/os-release
