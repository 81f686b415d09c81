FROM php:8.3-apache
RUN apt-get update && apt-get install -y libpng-dev libicu-dev && docker-php-ext-install gd \
    && rm -rf /var/lib/apt/lists/*
# intl builds later, against libicu-dev's headers.
RUN docker-php-ext-install intl
