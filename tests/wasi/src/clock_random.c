/* clock_random: checks clock_time_get, random_get and poll_oneoff.
 * Prints one line per check, "<check> ok" or "<check> failed: ...";
 * exits 1 if any check failed. All pass:
 *   monotonic ok / realtime ok / random ok / sleep ok
 * nanosleep() is wasi-libc's clock_nanosleep(CLOCK_REALTIME, 0, ...),
 * i.e. poll_oneoff with one relative clock subscription of 10 ms. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Written by the busy loop; volatile so the loop is not optimized away. */
static volatile uint32_t spin;

static uint64_t ns(clockid_t clock) {
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) {
        return 0;
    }
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int all_zero(const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}

int main(void) {
    int failed = 0;

    uint64_t t0 = ns(CLOCK_MONOTONIC);
    for (uint32_t i = 0; i < 100000; i++) {
        spin += i;
    }
    uint64_t t1 = ns(CLOCK_MONOTONIC);
    if (t0 != 0 && t1 >= t0) {
        puts("monotonic ok");
    } else {
        printf("monotonic failed: %llu then %llu\n", (unsigned long long)t0,
               (unsigned long long)t1);
        failed = 1;
    }

    /* 2020-01-01T00:00:00Z */
    const uint64_t y2020 = 1577836800ull * 1000000000ull;
    uint64_t real = ns(CLOCK_REALTIME);
    if (real > y2020) {
        puts("realtime ok");
    } else {
        printf("realtime failed: %llu ns since epoch\n", (unsigned long long)real);
        failed = 1;
    }

    unsigned char a[32];
    unsigned char b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    if (getentropy(a, sizeof a) != 0 || getentropy(b, sizeof b) != 0) {
        puts("random failed: getentropy returned an error");
        failed = 1;
    } else if (all_zero(a, sizeof a) || all_zero(b, sizeof b)) {
        puts("random failed: a buffer is all zero");
        failed = 1;
    } else if (memcmp(a, b, sizeof a) == 0) {
        puts("random failed: two buffers are equal");
        failed = 1;
    } else {
        puts("random ok");
    }

    struct timespec req = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
    uint64_t s0 = ns(CLOCK_MONOTONIC);
    int rc = nanosleep(&req, NULL);
    uint64_t s1 = ns(CLOCK_MONOTONIC);
    if (rc != 0) {
        puts("sleep failed: nanosleep returned an error");
        failed = 1;
    } else if (s1 < s0 || s1 - s0 < 10u * 1000 * 1000) {
        printf("sleep failed: monotonic advanced %llu ns\n",
               (unsigned long long)(s1 - s0));
        failed = 1;
    } else {
        puts("sleep ok");
    }

    return failed;
}
