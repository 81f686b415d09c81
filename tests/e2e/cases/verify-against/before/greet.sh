#!/bin/sh
echo "$GREETING from $(pwd)"
