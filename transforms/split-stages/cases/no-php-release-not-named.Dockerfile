# The tag names no Debian release, and libicu-dev's library differs between releases.
FROM php:8.3-apache
RUN apt-get update && apt-get install -y --no-install-recommends git unzip libicu-dev \
 && docker-php-ext-install intl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev
