FROM php:8.3-fpm
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip \
    && rm -rf /var/lib/apt/lists/*
RUN ./scripts/post-install.sh
RUN frobnicate --all
