FROM composer:2
WORKDIR /app
ENV COMPOSER=composer.prod.json
COPY . .
RUN composer install --no-dev --no-scripts --no-autoloader
RUN composer dump-autoload --optimize --no-dev
