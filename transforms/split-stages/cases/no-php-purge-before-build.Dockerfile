# A package purged before the build would stay in the runtime, the same image.
FROM php:8.3-apache-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip libzip-dev \
 && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN apt-get purge -y --auto-remove curl
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev
