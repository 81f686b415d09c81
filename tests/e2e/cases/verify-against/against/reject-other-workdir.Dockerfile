FROM debian:bookworm-slim
ENV GREETING=hello
WORKDIR /srv
COPY greet.sh /opt/app/
RUN chmod 755 /opt/app/greet.sh && mkdir -p /var/log/app
CMD ["/opt/app/greet.sh"]
