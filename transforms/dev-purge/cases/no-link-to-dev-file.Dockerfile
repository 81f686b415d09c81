FROM php:8.3-fpm
RUN apt-get update && apt-get install -y libgeos-dev && pecl install geos \
    && ln -s /usr/lib/x86_64-linux-gnu/libgeos_c.so /usr/lib/libgeos.so
