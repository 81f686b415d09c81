# An ini file the image ships removed before the build: the runtime clears the PHP
# folders before it copies the builder's, or the COPY would bring it back.
FROM php:8.3-apache-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip libzip-dev \
 && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN rm "$PHP_INI_DIR/conf.d/docker-php-ext-sodium.ini"
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev
