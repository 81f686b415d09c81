FROM php:8.3-apache
RUN apt-get update && apt-get install -y libpng-dev libjpeg62-turbo-dev libzip-dev unzip \
    && docker-php-ext-configure gd --with-jpeg \
    && docker-php-ext-install gd zip \
    && rm -rf /var/lib/apt/lists/*
RUN a2enmod rewrite
COPY . /var/www/html/
