FROM debian:bookworm
RUN apt-get update && apt-get install -y openssh-server gcc make libssl-dev && make -C /src
CMD service ssh start && tail -f /dev/null
