# The gemrc sends executables to /usr/local/bin, which the runtime does not take.
FROM ruby:3.2-bookworm
RUN echo 'gem: --no-document --bindir /usr/local/bin' > /etc/gemrc
WORKDIR /app
RUN gem install puma
COPY . .
CMD ["puma"]
