FROM php:8.3-fpm AS app
RUN apt-get update && apt-get install -y libpq-dev && docker-php-ext-install pgsql

FROM debian:bookworm AS tools
RUN --mount=from=app,source=/usr,target=/mnt/usr ls /mnt/usr/include/postgresql > /headers.txt

FROM app
COPY --from=tools /headers.txt /
