# A box of tools: the gem's command may run programs of the full image (git, convert).
FROM ruby:3.2-bookworm
RUN gem install github-pages
WORKDIR /src
ENTRYPOINT ["jekyll"]
