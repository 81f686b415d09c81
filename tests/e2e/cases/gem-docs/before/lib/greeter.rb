# Greets.
module Greeter
  # The greeting, documented so that rdoc has something to write.
  def self.hello
    "hello from greeter #{Gem.loaded_specs['greeter']&.version}"
  end
end
