/* hello: prints "Hello, world!" and returns 0 from main.
 * wasi-libc's _start returns normally (no proc_exit) when main returns 0. */
#include <stdio.h>

int main(void) {
    fputs("Hello, world!\n", stdout);
    return 0;
}
