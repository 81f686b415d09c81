# Composer copied as a folder from another image is not the composer binary.
FROM php:8.3-cli-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/ /usr/local/composer/
WORKDIR /app
COPY . .
RUN composer install --no-dev
CMD ["php", "app.php"]
