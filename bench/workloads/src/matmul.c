/*
 * matmul: f32 arithmetic. A unit of scale is one N x N single-precision
 * matrix product C = A * B (N^3 multiply-adds, i-k-j loop order, row-major).
 * Between products one element of A changes, so no product can be skipped,
 * and C is hashed by bit pattern. Three matrices of 48 KiB in all.
 */
#include "common.h"

#define DEFAULT_SCALE 200
#define N 64

/* A float in [-1, 1) with 24 significant bits: exact, no rounding. */
static float unit_float(uint32_t *rng)
{
    return (float)((int32_t)rng_next(rng) >> 8) * (1.0f / 8388608.0f);
}

static void matmul(float *restrict c, const float *restrict a, const float *restrict b)
{
    for (int i = 0; i < N; i++) {
        float *row = c + i * N;
        for (int j = 0; j < N; j++)
            row[j] = 0.0f;
        for (int k = 0; k < N; k++) {
            float aik = a[i * N + k];
            const float *brow = b + k * N;
            for (int j = 0; j < N; j++)
                row[j] += aik * brow[j];
        }
    }
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    float *a = bench_alloc(N * N * sizeof(float));
    float *b = bench_alloc(N * N * sizeof(float));
    float *c = bench_alloc(N * N * sizeof(float));
    uint32_t rng = 0x6d2b79f5u;
    for (int i = 0; i < N * N; i++) {
        a[i] = unit_float(&rng);
        b[i] = unit_float(&rng);
    }
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        matmul(c, a, b);
        uint32_t h = 0;
        for (int i = 0; i < N * N; i++)
            h = mix32(h, f32_bits(c[i]));
        sum = mix32(sum, h);
        /* Perturb A: keep it in [-1, 1) by replacing one element. */
        a[(unit * 97u) % (N * N)] = unit_float(&rng);
    }
    bench_report("matmul", scale, sum);
    free(a);
    free(b);
    free(c);
    return 0;
}
