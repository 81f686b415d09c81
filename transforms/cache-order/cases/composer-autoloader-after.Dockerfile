# With --unsafe: the install runs without scripts and autoloader before the copy, and
# the autoloader is written after it with the options that shape it.
FROM composer:2
WORKDIR /app
COPY . .
RUN composer install --no-dev --optimize-autoloader --prefer-dist --no-interaction && rm -rf /root/.composer
