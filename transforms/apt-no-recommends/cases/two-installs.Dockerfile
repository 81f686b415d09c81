FROM debian:bookworm
RUN apt-get update && apt-get -y install make gcc && apt install -y jq
