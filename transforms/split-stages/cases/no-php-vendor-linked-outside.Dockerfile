# vendor/ is a link to a folder outside the app, made before the build.
FROM php:8.3-apache-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip libzip-dev \
 && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN mkdir -p /opt/vendor
WORKDIR /var/www/html
RUN ln -s /opt/vendor vendor
COPY . .
RUN composer install --no-dev
