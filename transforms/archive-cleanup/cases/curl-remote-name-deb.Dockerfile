FROM debian:bookworm
RUN curl -LO https://example.org/pkg.deb && dpkg -i pkg.deb
