FROM docker.io/library/ruby:3.3
CMD ["ruby", "-e", "puts 1"]
