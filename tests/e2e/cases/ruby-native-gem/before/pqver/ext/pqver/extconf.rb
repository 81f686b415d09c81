require "mkmf"

# Debian's libpq-dev puts libpq-fe.h here.
$CFLAGS << " -I/usr/include/postgresql"
abort "libpq is missing" unless have_library("pq", "PQlibVersion", "libpq-fe.h")
create_makefile("pqver/pqver")
