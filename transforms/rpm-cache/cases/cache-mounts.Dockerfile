FROM fedora:40
RUN dnf install -y git && dnf clean all
RUN dnf install -y make
