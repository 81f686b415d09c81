FROM php:8.3-apache
# The headers are for a later step (or the running app): nothing builds here.
RUN apt-get update && apt-get install -y libpng-dev && rm -rf /var/lib/apt/lists/*
RUN docker-php-ext-install gd
