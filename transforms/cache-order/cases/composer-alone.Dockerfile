# The install is the RUN's last word: the flags and the moved copy meet there.
FROM composer:2
WORKDIR /app
COPY . .
RUN composer install --no-dev
