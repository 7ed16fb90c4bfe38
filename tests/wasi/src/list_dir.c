/* list_dir DIR: prints the entries of DIR sorted by name (byte order),
 * one per line, without "." and "..", with "/" appended to directories.
 * Uses fd_readdir's file type; only when it is unknown does it fall back
 * to fstatat (path_filestat_get). Errors: "list_dir: DIR: <strerror>"
 * on stderr, exit 1. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
    char *name;
    int is_dir;
};

static int by_name(const void *a, const void *b) {
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int fail(const char *path) {
    fprintf(stderr, "list_dir: %s: %s\n", path, strerror(errno));
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fputs("usage: list_dir DIR\n", stderr);
        return 1;
    }
    const char *path = argv[1];
    DIR *dir = opendir(path);
    if (dir == NULL) {
        return fail(path);
    }

    struct entry *entries = NULL;
    size_t len = 0;
    size_t cap = 0;
    for (;;) {
        errno = 0;
        struct dirent *d = readdir(dir);
        if (d == NULL) {
            if (errno != 0) {
                return fail(path);
            }
            break;
        }
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) {
            continue;
        }
        int is_dir = d->d_type == DT_DIR;
        if (d->d_type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                return fail(d->d_name);
            }
            is_dir = S_ISDIR(st.st_mode);
        }
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            entries = realloc(entries, cap * sizeof *entries);
            if (entries == NULL) {
                return fail(path);
            }
        }
        entries[len].name = strdup(d->d_name);
        if (entries[len].name == NULL) {
            return fail(path);
        }
        entries[len].is_dir = is_dir;
        len++;
    }
    closedir(dir);

    qsort(entries, len, sizeof *entries, by_name);
    for (size_t i = 0; i < len; i++) {
        printf("%s%s\n", entries[i].name, entries[i].is_dir ? "/" : "");
    }
    return 0;
}
