# node's slim image purges ca-certificates (and openssl) after downloading node.
FROM node:20-bookworm
COPY corp-root.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates
CMD ["node", "-e", "console.log(1)"]
