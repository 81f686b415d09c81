FROM debian:bookworm-slim
ENV GREETING=hello
WORKDIR /opt/app
COPY greet.sh ./
RUN chmod 755 greet.sh && mkdir -p /var/log/app
CMD ["/opt/app/greet.sh"]
