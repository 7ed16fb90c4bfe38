/* copy SRC DST: copies a file through a preopened directory, e.g.
 * `copy /data/in.txt /data/out.txt` with host dir mapped to /data.
 * Prints "copied N bytes" on success; on error prints
 * "copy: <path>: <strerror>" (or a usage line) to stderr and exits 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *path) {
    fprintf(stderr, "copy: %s: %s\n", path, strerror(errno));
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fputs("usage: copy SRC DST\n", stderr);
        return 1;
    }
    const char *src = argv[1];
    const char *dst = argv[2];

    int in = open(src, O_RDONLY);
    if (in < 0) {
        return fail(src);
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
        return fail(dst);
    }

    static char buf[4096];
    unsigned long long total = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0) {
            return fail(src);
        }
        if (n == 0) {
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0) {
                return fail(dst);
            }
            done += w;
        }
        total += (unsigned long long)n;
    }
    if (close(out) != 0) {
        return fail(dst);
    }
    close(in);
    printf("copied %llu bytes\n", total);
    return 0;
}
