# The split with the library installed without recommended packages: libldap-common
# (/etc/ldap/ldap.conf), which the original has, is missing.
FROM python:3.11-bookworm AS builder
ENV PYTHONUSERBASE=/install PIP_USER=1 PATH="/install/bin:$PATH"
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
# libpq's headers are installed with apt's default, recommended packages too. The
# runtime installs the library in place of the headers, and must do it the same way:
# libpq5's dependency libldap-2.5-0 recommends libldap-common (its configuration file
# /etc/ldap/ldap.conf), which the original has. (The
# case leaves apt-no-recommends out, in `flags`: that unsafe fix drops recommended
# packages by design, and the runtime would follow it.)
RUN apt-get update && apt-get install -y libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN { find /install -type f \( -name '*.so' -o -name '*.so.*' -o -name '*.node' -o -perm -u+x \) -exec ldd {} + 2>/dev/null || true; } | \
    awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | \
    while read -r f; do for g in "$f" "$(readlink -f "$f")"; do if [ -n "$g" ]; then d=${g%/*}; echo "*/${d##*/}/${g##*/}"; fi; done; done | sort -u | \
    { xargs -r dpkg -S 2>/dev/null || true; } | \
    awk -F ': ' '!/^diversion / { n = split($1, p, ", "); for (i = 1; i <= n; i++) { sub(/:.*/, "", p[i]); print p[i] } }' | \
    sort -u > /tmp/dockerlean-linked-packages

FROM python:3.11-slim-bookworm
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN apt-get update && \
    apt-get install -y --no-install-recommends libpq5 && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
COPY --from=builder /tmp/dockerlean-linked-packages /tmp/dockerlean-linked-packages
RUN missing=; for p in $(cat /tmp/dockerlean-linked-packages); do \
    [ "$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing="$missing $p"; done; \
    if [ -n "$missing" ]; then apt-get update && apt-get install -y --no-install-recommends $missing && \
    rm -rf /var/lib/apt/lists/*; fi && rm /tmp/dockerlean-linked-packages
COPY --from=builder /install /usr/local
COPY app.py .
CMD ["python", "app.py"]
