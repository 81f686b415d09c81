# Composer pointed at another folder (`-nd`: Symfony's console reads -n -d): the
# runtime takes only the app folder.
FROM php:8.3-cli-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY . .
RUN composer install -nd/opt/tools
CMD ["php", "bin/app.php"]
