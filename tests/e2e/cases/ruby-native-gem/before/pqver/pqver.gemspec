Gem::Specification.new do |s|
  s.name = "pqver"
  s.version = "1.0.0"
  s.summary = "libpq's version, from a C extension"
  s.authors = ["dockerlean"]
  s.license = "MIT"
  s.files = ["lib/pqver.rb", "ext/pqver/extconf.rb", "ext/pqver/pqver.c"]
  s.extensions = ["ext/pqver/extconf.rb"]
  s.require_paths = ["lib"]
end
