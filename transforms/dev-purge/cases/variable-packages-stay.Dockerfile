FROM php:8.3-apache
# $BUILD_DEPS is not known: what it names stays; the literal -dev package is purged.
ARG BUILD_DEPS="libonig-dev"
RUN apt-get update && apt-get install -y $BUILD_DEPS libxml2-dev=2.9.* libpq-dev \
    && docker-php-ext-install mbstring pdo_pgsql soap
