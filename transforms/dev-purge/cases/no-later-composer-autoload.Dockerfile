FROM php:8.3-apache
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip
COPY . /var/www/html
# dump-autoload runs composer.json's post-autoload-dump scripts.
RUN composer dump-autoload
