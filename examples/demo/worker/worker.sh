#!/bin/sh
echo working
