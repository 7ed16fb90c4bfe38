/*
 * blur: 128-bit SIMD against the same work in scalar code. One unit of
 * scale runs a 1-D [1 2 1] / 4 blur over a ROW-byte row of an 8-bit
 * image (rounded; values stay bytes) and the dot product of two ROW-long
 * int16 vectors (products summed in int32, wrapping), then hashes both.
 *
 * Built twice from this one source: `blur.wasm` plain (scalar code, no
 * SIMD instructions) and `blur_simd.wasm` with -msimd128 -DBENCH_SIMD,
 * which takes the wasm_simd128.h path below (i16x8 widening, narrowing,
 * i32x4.dot_i16x8_s). Integer arithmetic only, so both give the checksum
 * of the native build, which always runs the scalar code.
 */
#include "common.h"

#if defined(BENCH_SIMD) && defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define USE_SIMD 1
#else
#define USE_SIMD 0
#endif

#ifdef BENCH_SIMD
#define NAME "blur_simd"
#else
#define NAME "blur"
#endif

#define DEFAULT_SCALE 12000
#define ROW 4096

/* y[i] = (x[i-1] + 2 x[i] + x[i+1] + 2) / 4 for 1 <= i < ROW - 1. */
static void blur_row(const uint8_t *x, uint8_t *y)
{
    int i = 1;
#if USE_SIMD
    const v128_t two = wasm_i16x8_splat(2);
    for (; i + 16 <= ROW - 1; i += 16) {
        v128_t l = wasm_v128_load(x + i - 1);
        v128_t c = wasm_v128_load(x + i);
        v128_t r = wasm_v128_load(x + i + 1);
        v128_t lo = wasm_i16x8_add(
            wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(l), wasm_u16x8_extend_low_u8x16(r)),
            wasm_i16x8_add(wasm_i16x8_shl(wasm_u16x8_extend_low_u8x16(c), 1), two));
        v128_t hi = wasm_i16x8_add(
            wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(l), wasm_u16x8_extend_high_u8x16(r)),
            wasm_i16x8_add(wasm_i16x8_shl(wasm_u16x8_extend_high_u8x16(c), 1), two));
        lo = wasm_u16x8_shr(lo, 2);
        hi = wasm_u16x8_shr(hi, 2);
        wasm_v128_store(y + i, wasm_u8x16_narrow_i16x8(lo, hi));
    }
#endif
    for (; i < ROW - 1; i++)
        y[i] = (uint8_t)((x[i - 1] + 2 * x[i] + x[i + 1] + 2) >> 2);
    y[0] = x[0];
    y[ROW - 1] = x[ROW - 1];
}

static uint32_t dot(const int16_t *a, const int16_t *b)
{
    int i = 0;
    uint32_t sum = 0;
#if USE_SIMD
    v128_t acc = wasm_i32x4_splat(0);
    for (; i + 8 <= ROW; i += 8)
        acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    sum = (uint32_t)wasm_i32x4_extract_lane(acc, 0) + (uint32_t)wasm_i32x4_extract_lane(acc, 1) +
          (uint32_t)wasm_i32x4_extract_lane(acc, 2) + (uint32_t)wasm_i32x4_extract_lane(acc, 3);
#endif
    for (; i < ROW; i++)
        sum += (uint32_t)((int32_t)a[i] * b[i]);
    return sum;
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    uint8_t *x = bench_alloc(ROW);
    uint8_t *y = bench_alloc(ROW);
    int16_t *a = bench_alloc(ROW * sizeof *a);
    int16_t *b = bench_alloc(ROW * sizeof *b);
    uint32_t rng = 0x2545f491u;
    for (int i = 0; i < ROW; i++) {
        x[i] = (uint8_t)rng_next(&rng);
        a[i] = (int16_t)rng_next(&rng);
        b[i] = (int16_t)rng_next(&rng);
    }

    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        blur_row(x, y);
        uint32_t d = dot(a, b);
        /* Feed the results back: the next unit blurs this one's output
         * (perturbed so it does not settle) and uses a changed vector. */
        y[unit % ROW] ^= (uint8_t)d;
        a[(unit * 7) % ROW] = (int16_t)(d >> 8);
        uint8_t *t = x;
        x = y;
        y = t;
        sum = mix32(sum, d);
        sum = mix32(sum, (uint32_t)x[unit % ROW] | (uint32_t)x[ROW / 2] << 8);
    }
    uint32_t row = 0;
    for (int i = 0; i < ROW; i += 4)
        row = mix32(row, (uint32_t)x[i] | (uint32_t)x[i + 1] << 8 | (uint32_t)x[i + 2] << 16 |
                             (uint32_t)x[i + 3] << 24);
    bench_report(NAME, scale, mix32(sum, row));
    free(x);
    free(y);
    free(a);
    free(b);
    return 0;
}
