# Composer alone (no apt package only it used): the same image would ship, so no split.
FROM php:8.3-cli-bookworm
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY . .
RUN composer install --no-dev
CMD ["php", "bin/app.php"]
