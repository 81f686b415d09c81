require "pqver/pqver"
