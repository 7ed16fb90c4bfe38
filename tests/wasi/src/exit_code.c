/* exit_code [N]: exits with status atoi(N), default 3, printing nothing.
 * Calls exit() so proc_exit is reached even for status 0. */
#include <stdlib.h>

int main(int argc, char **argv) {
    exit(argc > 1 ? atoi(argv[1]) : 3);
}
