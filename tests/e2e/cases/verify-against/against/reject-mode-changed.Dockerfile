FROM debian:bookworm-slim
ENV GREETING=hello
WORKDIR /opt/app
COPY greet.sh ./
RUN chmod 777 greet.sh && mkdir -p /var/log/app
CMD ["/opt/app/greet.sh"]
