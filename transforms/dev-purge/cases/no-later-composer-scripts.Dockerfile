FROM php:8.3-apache
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
COPY . /var/www/html
# composer.json's scripts may build anything.
RUN composer run-script post-install
