FROM php:8.3-fpm
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip
# Images built on this one may build extensions against the headers.
ONBUILD RUN docker-php-ext-install $EXTRA_EXTENSIONS
