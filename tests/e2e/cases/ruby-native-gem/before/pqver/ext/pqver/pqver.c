#include <ruby.h>
#include <libpq-fe.h>

/* libpq's version number: calling it needs libpq's shared library at run time. */
static VALUE version(VALUE self) { return INT2NUM(PQlibVersion()); }

void Init_pqver(void) {
    VALUE m = rb_define_module("Pqver");
    rb_define_module_function(m, "version", version, 0);
}
