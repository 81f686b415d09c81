Gem::Specification.new do |s|
  s.name = "greeter"
  s.version = "1.0.0"
  s.summary = "Says hello"
  s.authors = ["dockerlean"]
  s.files = ["lib/greeter.rb"]
  s.license = "MIT"
end
