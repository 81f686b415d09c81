FROM php:8.3-apache
# apt then prints Purg lines, not Remv, in its simulation.
RUN echo 'APT::Get::Purge "true";' > /etc/apt/apt.conf.d/99purge
RUN apt-get update && apt-get install -y libpng-dev \
    && docker-php-ext-install gd && rm -rf /var/lib/apt/lists/*
