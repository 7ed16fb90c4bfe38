/*
 * fir: fixed-point DSP as microcontrollers run it. A 32-tap low-pass FIR
 * filter in Q15 (int16 samples and coefficients, products summed in an
 * int32 accumulator, rounded, shifted and saturated back to int16) over a
 * generated signal: two square-ish tones plus noise. The taps' absolute
 * values sum to less than 1.0, so the accumulator cannot overflow. A unit
 * of scale filters one block of BLOCK samples, keeping the delay line
 * across blocks as a streaming filter does.
 */
#include "common.h"

#define DEFAULT_SCALE 1200
#define TAPS 32
#define BLOCK 1024

static int16_t saturate16(int32_t v)
{
    return v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : (int16_t)v;
}

/*
 * Integer taps with a triangular (Bartlett) window over a sinc-like shape
 * built without libm: symmetric, peak in the middle, alternating small side
 * lobes. Scaled so sum |h| is just under 32768 (1.0 in Q15).
 */
static void make_taps(int16_t *h)
{
    int32_t raw[TAPS];
    int32_t total = 0;
    for (int i = 0; i < TAPS; i++) {
        int d = i < TAPS / 2 ? TAPS / 2 - 1 - i : i - TAPS / 2; /* 0 at the centre pair */
        int32_t window = TAPS / 2 - d;                          /* 16 .. 1 */
        int32_t lobe = d % 4 == 3 ? -1 : 4 - d % 4;             /* 4, 3, 2, -1, ... */
        raw[i] = window * lobe * 64 / (d + 1);
        total += raw[i] < 0 ? -raw[i] : raw[i];
    }
    for (int i = 0; i < TAPS; i++)
        h[i] = (int16_t)(raw[i] * 32000 / total);
}

static void fir_block(const int16_t *h, const int16_t *x, int16_t *y, int n)
{
    /* x has TAPS - 1 samples of history before x[TAPS - 1], the first new one. */
    for (int i = 0; i < n; i++) {
        int32_t acc = 1 << 14; /* round to nearest */
        for (int k = 0; k < TAPS; k++)
            acc += (int32_t)h[k] * x[i + TAPS - 1 - k];
        y[i] = saturate16(acc >> 15);
    }
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    int16_t h[TAPS];
    make_taps(h);
    int16_t *x = bench_alloc((TAPS - 1 + BLOCK) * sizeof *x);
    int16_t *y = bench_alloc(BLOCK * sizeof *y);
    memset(x, 0, (TAPS - 1) * sizeof *x);

    uint32_t rng = 0x165667b1u;
    uint32_t t = 0;
    uint32_t sum = 0;
    for (int i = 0; i < TAPS; i++)
        sum = mix32(sum, (uint16_t)h[i]);
    for (uint32_t unit = 0; unit < scale; unit++) {
        for (int i = 0; i < BLOCK; i++, t++) {
            int32_t s = (t % 37 < 18 ? 9000 : -9000) + (t % 5 < 2 ? 6000 : -6000);
            s += (int32_t)(rng_next(&rng) >> 20) - 2048; /* noise in [-2048, 2047] */
            x[TAPS - 1 + i] = saturate16(s * 2);
        }
        fir_block(h, x, y, BLOCK);
        memmove(x, x + BLOCK, (TAPS - 1) * sizeof *x);

        uint32_t energy = 0;
        for (int i = 0; i < BLOCK; i++)
            energy += (uint32_t)(y[i] < 0 ? -y[i] : y[i]);
        sum = mix32(sum, energy);
        sum = mix32(sum, (uint16_t)y[unit % BLOCK] | (uint32_t)(uint16_t)y[BLOCK - 1] << 16);
    }
    bench_report("fir", scale, sum);
    free(x);
    free(y);
    return 0;
}
