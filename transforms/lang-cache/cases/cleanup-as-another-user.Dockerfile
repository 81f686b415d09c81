# The gems are installed as `app` (sudo -u), whose caches are in app's home: a cleanup
# run as root would look in root's. A plain `sudo` runs as root: cleaned as usual.
FROM ruby:3.3
RUN useradd -m app
RUN sudo -u app bundle install
RUN sudo gem install rake
