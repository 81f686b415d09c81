FROM php:8.3-cli
RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip
# Held open for `docker exec`.
CMD ["sleep", "infinity"]
