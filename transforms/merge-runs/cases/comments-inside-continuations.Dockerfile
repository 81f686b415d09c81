FROM debian:bookworm
RUN apt-get update && \
    # pinned below
    apt-get install -y \
        curl \

        git

# then the app
RUN make -C /src
