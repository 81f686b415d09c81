# A Composer app on the php image, which has no slim variant: the runtime is the same
# image without Composer, git, unzip and the extensions' headers (libzip-dev and
# libicu-dev become their libraries), taking the built extensions and the app folder
# with vendor/ from the builder.
FROM php:8.3-cli-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends git unzip libzip-dev libicu-dev \
 && docker-php-ext-install intl zip \
 && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /srv/app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-interaction
COPY . .
EXPOSE 8080
CMD ["php", "-S", "0.0.0.0:8080", "-t", "public"]
