FROM node:20 AS web
WORKDIR /web
RUN npm ci && npm run build
FROM golang:1.22
COPY --from=web /web/dist /srv/static
RUN go build -o /srv/app .
CMD ["/srv/app"]
