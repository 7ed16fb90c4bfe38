/* args_env: prints every argv entry as "argv[i]=..." and then every
 * environment variable, in the order the runtime gave them, as
 * "env KEY=VALUE". Exercises args_sizes_get/args_get and
 * environ_sizes_get/environ_get. */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    for (char **e = environ; e != NULL && *e != NULL; e++) {
        printf("env %s\n", *e);
    }
    return 0;
}
