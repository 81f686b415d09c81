FROM php:8.3-apache
RUN apt-get update && apt-get install -y libicu-dev && docker-php-ext-install intl \
    && rm -rf /var/lib/apt/lists/*
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["apache2-foreground"]
