# The RUNs merged as before the command hash was considered: the last `greet` runs the
# /usr/bin one the shell remembers, not the /usr/local/bin one a new RUN would find, and
# /greeted says "old".
FROM debian:bookworm
RUN printf '#!/bin/sh\necho old\n' > /usr/bin/greet && chmod +x /usr/bin/greet && \
    greet && \
    printf '#!/bin/sh\necho new\n' > /usr/local/bin/greet && chmod +x /usr/local/bin/greet && \
    greet > /greeted
CMD ["cat", "/greeted"]
