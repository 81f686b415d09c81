require "pqver"
puts "libpq #{Pqver.version}"
