#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Needs the C library's headers, which libc6-dev ships. */
int main(void) {
    char *s = malloc(16);
    strcpy(s, "hello from C");
    puts(s);
    free(s);
    return 0;
}
