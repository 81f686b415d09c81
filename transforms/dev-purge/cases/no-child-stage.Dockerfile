FROM php:8.3-fpm AS base
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip

FROM base AS test
RUN pecl install xdebug

FROM base
COPY . /var/www/html
