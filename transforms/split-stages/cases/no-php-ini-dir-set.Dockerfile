# PHP_INI_DIR set by the Dockerfile: the ini files may be elsewhere than the runtime
# takes.
FROM php:8.3-cli-bookworm
ENV PHP_INI_DIR=/etc/php
RUN apt-get update && apt-get install -y --no-install-recommends git unzip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY . .
RUN composer install --no-dev
CMD ["php", "bin/app.php"]
