# git runs after the build, in the runtime, which leaves its package out.
FROM php:8.3-cli-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends git unzip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY . .
RUN composer install --no-dev
RUN git rev-parse HEAD > REVISION
CMD ["php", "bin/app.php"]
