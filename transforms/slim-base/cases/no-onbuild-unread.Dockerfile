# The images built on this one run the ONBUILD RUN, which cannot be read here.
FROM ruby:3.3-bookworm
WORKDIR /app
ONBUILD RUN <<EOS
git clone https://example.com/x.git /x
EOS
CMD ["irb"]
