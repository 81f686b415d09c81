# A step after the build removes Composer, which the runtime never had: it would fail.
FROM php:8.3-apache-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip libzip-dev \
 && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev
RUN rm /usr/bin/composer
