FROM debian:bookworm AS base
RUN echo base
FROM base
CMD ["sh"]
