# chown changes ownership, which a COPY from the builder may not keep: not left in the
# builder, and not replayed before the app folder is there.
FROM php:8.3-cli-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY . .
RUN chown -R www-data:www-data /app
RUN composer install --no-dev
CMD ["php", "bin/app.php"]
