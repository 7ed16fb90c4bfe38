/* trap: prints "before trap", flushes, then main -> run_step -> explode,
 * where explode executes `unreachable`. The functions are not inlined and
 * the name section keeps their names for a trap backtrace. */
#include <stdio.h>

static volatile int depth;

__attribute__((noinline)) void explode(int step) {
    depth = step;
    __builtin_trap();
}

__attribute__((noinline)) void run_step(int step) {
    depth = step;
    explode(step + 1);
    depth = -1;
}

int main(void) {
    fputs("before trap\n", stdout);
    fflush(stdout);
    run_step(1);
    fputs("after trap\n", stdout);
    return 0;
}
