FROM php:8.2-fpm-bookworm
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends libmagickwand-dev libmemcached-dev; \
	pecl install imagick memcached; \
	docker-php-ext-enable imagick memcached; \
	rm -rf /var/lib/apt/lists/*
COPY --chown=www-data:www-data src/ /var/www/html/
