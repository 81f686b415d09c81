FROM php:8.3-fpm
RUN apt-get update && apt-get install -y libpq-dev && docker-php-ext-install pdo_pgsql
COPY more-extensions.sh /tmp/
# more-extensions.sh: docker-php-ext-install pgsql  (needs libpq-fe.h from libpq-dev)
RUN sh < /tmp/more-extensions.sh
