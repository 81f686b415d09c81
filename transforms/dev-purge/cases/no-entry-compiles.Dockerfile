FROM php:8.3-cli
RUN apt-get update && apt-get install -y libyaml-dev && pecl install yaml \
    && docker-php-ext-enable yaml
COPY entrypoint.sh /usr/local/bin/
ENTRYPOINT ["entrypoint.sh"]
CMD ["php", "worker.php"]
