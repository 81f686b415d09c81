FROM php:8.3-fpm AS base
RUN apt-get update && apt-get install -y libxml2-dev && docker-php-ext-install soap

# A stage that takes the headers from the image.
FROM debian:bookworm AS tools
COPY --from=base /usr/include/libxml2 /usr/include/libxml2
RUN make -C /src

FROM base
COPY --from=tools /src/out /usr/local/bin/
