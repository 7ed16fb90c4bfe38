/*
 * Shared helpers for the benchmark workloads: the scale argument, a
 * deterministic PRNG, checksum mixing and the two output lines.
 *
 * Every workload is built twice from the same source, as wasm32-wasip1 with
 * clang and natively with gcc, and both must print the same bytes. So:
 * fixed-width integer types only (`long` is 32 bits on wasm32, 64 natively),
 * no libm beyond sqrt (correctly rounded everywhere), floats reach the
 * output only as hashed bit patterns, and both compilers get
 * -ffp-contract=off so no multiply-add is fused on one side only.
 */
#ifndef MOTE_BENCH_COMMON_H
#define MOTE_BENCH_COMMON_H

#include <float.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* x87's extended-precision intermediates would give different float bits. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "the workloads need FLT_EVAL_METHOD == 0 (float and double evaluated as themselves)"
#endif

/*
 * argv[1], if given, is the scale: a positive decimal integer. Work grows
 * linearly with it and the default is calibrated to about one second in a
 * fast interpreter, so `default / 100` suits a microcontroller.
 */
static inline uint32_t bench_scale(int argc, char **argv, uint32_t fallback)
{
    if (argc < 2)
        return fallback;
    const char *s = argv[1];
    uint64_t v = 0;
    if (*s == '\0')
        goto bad;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            goto bad;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > UINT32_MAX)
            goto bad;
    }
    if (v == 0)
        goto bad;
    return (uint32_t)v;
bad:
    fprintf(stderr, "usage: %s [SCALE]  (SCALE: positive integer, default %" PRIu32 ")\n",
            argv[0], fallback);
    exit(2);
}

/* Allocation that cannot fail silently: a workload without its memory exits. */
static inline void *bench_alloc(size_t bytes)
{
    void *p = malloc(bytes);
    if (p == NULL) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(1);
    }
    return p;
}

/* xorshift32: small, fast and the same on every target. State must be != 0. */
static inline uint32_t rng_next(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Folds one 32-bit value into a running checksum (murmur3-style mixing). */
static inline uint32_t mix32(uint32_t h, uint32_t v)
{
    v *= 0xcc9e2d51u;
    v = (v << 15) | (v >> 17);
    v *= 0x1b873593u;
    h ^= v;
    h = (h << 13) | (h >> 19);
    return h * 5u + 0xe6546b64u;
}

static inline uint32_t mix64(uint32_t h, uint64_t v)
{
    return mix32(mix32(h, (uint32_t)v), (uint32_t)(v >> 32));
}

static inline uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline uint64_t f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* The whole output of a workload: these two lines. */
static inline void bench_report(const char *name, uint32_t scale, uint32_t checksum)
{
    printf("%s scale=%" PRIu32 "\n", name, scale);
    printf("checksum: 0x%08" PRIx32 "\n", checksum);
}

#endif
