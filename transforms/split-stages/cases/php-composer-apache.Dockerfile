# The apache variant's usual steps: an extension from PECL, Apache modules enabled
# (replayed: a2enmod only links under /etc/apache2), php.ini chosen and an ini file
# written under $PHP_INI_DIR (left in the builder: the runtime takes /usr/local/etc/php
# from there), Composer copied into a folder.
FROM php:8.2-apache-bookworm
RUN apt-get update && apt-get install -y git unzip libpq-dev \
 && docker-php-ext-install pdo_pgsql \
 && pecl install redis && docker-php-ext-enable redis \
 && rm -rf /var/lib/apt/lists/*
RUN a2enmod rewrite headers
RUN mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini" \
 && echo "memory_limit=256M" > "$PHP_INI_DIR/conf.d/memory.ini" \
 && sed -i 's/^expose_php = On/expose_php = Off/' "$PHP_INI_DIR/php.ini"
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/
ENV COMPOSER_ALLOW_SUPERUSER=1
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev --optimize-autoloader
EXPOSE 80
