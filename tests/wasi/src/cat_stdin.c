/* cat_stdin: copies stdin to stdout until EOF, then writes
 * "\n<N bytes>\n" to stderr, N being the number of bytes copied. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    static char buf[4096];
    unsigned long long total = 0;
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0) {
            perror("cat_stdin: read");
            return 1;
        }
        if (n == 0) {
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(1, buf + done, (size_t)(n - done));
            if (w < 0) {
                perror("cat_stdin: write");
                return 1;
            }
            done += w;
        }
        total += (unsigned long long)n;
    }
    fprintf(stderr, "\n<%llu bytes>\n", total);
    return 0;
}
