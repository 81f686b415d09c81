FROM php:8.3-apache
RUN apt-get update && apt-get install -y libpng-dev && docker-php-ext-install gd
RUN apt-get purge -y --auto-remove libpng-dev
