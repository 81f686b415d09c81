# The split without clearing the PHP folders first: the runtime keeps the image's
# php.ini-development, which the original removed (a COPY only adds files).
FROM php:8.2-cli-bookworm AS builder
# git and unzip only serve the install, and libzip-dev's headers only the zip
# extension's build, which links libzip4. Composer is Debian's package here (no
# composer image can be pulled): it stays, since it brings PHP extension packages
# (php8.2-intl, ...) that PHP loads. The ini file under $PHP_INI_DIR comes from the
# builder with the rest of that folder.
RUN apt-get update && apt-get install -y --no-install-recommends git unzip composer libzip-dev \
    && docker-php-ext-install zip \
    && rm -rf /var/lib/apt/lists/*
# The ini template left out is one the image ships: the runtime clears the PHP folders
# before it copies the builder's, or the COPY (which only adds) would bring it back.
RUN echo "memory_limit=256M" > "$PHP_INI_DIR/conf.d/memory.ini" \
    && mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini" \
    && rm "$PHP_INI_DIR/php.ini-development"
WORKDIR /srv/app
COPY composer.json ./
COPY packages packages
RUN composer install --no-interaction
RUN { find /srv/app /usr/local/lib/php /usr/local/etc/php /usr/local/include/php -type f \( -name '*.so' -o -name '*.so.*' -o -name '*.node' -o -perm -u+x \) -exec ldd {} + 2>/dev/null || true; } | \
    awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | \
    while read -r f; do for g in "$f" "$(readlink -f "$f")"; do if [ -n "$g" ]; then d=${g%/*}; echo "*/${d##*/}/${g##*/}"; fi; done; done | sort -u | \
    { xargs -r dpkg -S 2>/dev/null || true; } | \
    awk -F ': ' '!/^diversion / { n = split($1, p, ", "); for (i = 1; i <= n; i++) { sub(/:.*/, "", p[i]); print p[i] } }' | \
    sort -u > /tmp/dockerlean-linked-packages

FROM php:8.2-cli-bookworm
RUN apt-get update && \
    apt-get install -y --no-install-recommends composer libzip4 && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /srv/app
COPY --from=builder /tmp/dockerlean-linked-packages /tmp/dockerlean-linked-packages
RUN missing=; for p in $(cat /tmp/dockerlean-linked-packages); do \
    [ "$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing="$missing $p"; done; \
    if [ -n "$missing" ]; then apt-get update && apt-get install -y --no-install-recommends $missing && \
    rm -rf /var/lib/apt/lists/*; fi && rm /tmp/dockerlean-linked-packages
COPY --from=builder /usr/local/lib/php /usr/local/lib/php
COPY --from=builder /usr/local/etc/php /usr/local/etc/php
COPY --from=builder /usr/local/include/php /usr/local/include/php
COPY --from=builder /srv/app /srv/app
COPY . .
CMD ["php", "app.php"]
