# The naive purge: the -dev packages with their dependencies (apt-get purge
# --auto-remove). It also removes the libraries the extensions linked (libpng16-16,
# libzip4, libpq5, libicu72 were installed only as their dependencies), so the probe fails.
FROM php:8.2-cli
RUN apt-get update && apt-get install -y --no-install-recommends libpng-dev libzip-dev libpq-dev libicu-dev git \
    && docker-php-ext-install -j2 gd zip pgsql intl \
    && rm -rf /var/lib/apt/lists/* \
    && apt-get purge -y --auto-remove libpng-dev libzip-dev libpq-dev libicu-dev
COPY app.php /app/app.php
CMD ["php", "/app/app.php"]
