FROM debian:bookworm
WORKDIR /opt
RUN wget -q https://example.org/tool-1.2.zip && unzip tool-1.2.zip
