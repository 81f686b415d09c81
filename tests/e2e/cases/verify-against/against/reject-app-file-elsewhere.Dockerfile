FROM debian:bookworm-slim
ENV GREETING=hello
WORKDIR /opt/app
COPY greet.sh /usr/local/lib/greet.sh
RUN chmod 755 /usr/local/lib/greet.sh && ln -s /usr/local/lib/greet.sh greet.sh && mkdir -p /var/log/app
CMD ["/opt/app/greet.sh"]
