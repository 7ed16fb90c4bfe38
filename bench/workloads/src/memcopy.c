/*
 * memcopy: bulk memory traffic. Built with -mbulk-memory, so every
 * memcpy/memmove/memset here is one memory.copy or memory.fill instruction
 * in the .wasm (natively they are libc calls). A unit of scale performs
 * OPS operations on two 32 KiB buffers: copies between them, overlapping
 * moves within one, and fills, with random offsets and lengths. Half the
 * operations are short (1 to 64 bytes, where per-instruction overhead
 * dominates), half long (up to 16 KiB, where bandwidth does).
 */
#include "common.h"

#define DEFAULT_SCALE 7000
#define BUF_LEN 32768
#define OPS 1024

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    uint8_t *src = bench_alloc(BUF_LEN);
    uint8_t *dst = bench_alloc(BUF_LEN);
    uint32_t rng = 0xc2b2ae35u;
    for (size_t i = 0; i < BUF_LEN; i++) {
        src[i] = (uint8_t)(rng_next(&rng) >> 24);
        dst[i] = (uint8_t)i;
    }

    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        for (uint32_t op = 0; op < OPS; op++) {
            uint32_t r = rng_next(&rng);
            uint32_t len = (r & 1) ? 1 + (r >> 8) % 16384 : 1 + (r >> 8) % 64;
            uint32_t from = rng_next(&rng) % (BUF_LEN - len + 1);
            uint32_t to = rng_next(&rng) % (BUF_LEN - len + 1);
            switch ((r >> 1) & 3) {
            case 0:
                memcpy(dst + to, src + from, len);
                break;
            case 1:
                memmove(dst + to, dst + from, len);
                break;
            case 2:
                memset(dst + to, (int)(r >> 24), len);
                break;
            default:
                memcpy(src + to, dst + from, len);
                break;
            }
        }
        /* A cheap sample per unit; the full buffers are hashed once at the end. */
        uint32_t at = rng_next(&rng) % BUF_LEN;
        sum = mix32(sum, (uint32_t)dst[at] << 8 | src[at]);
    }
    for (size_t i = 0; i < BUF_LEN; i += 2)
        sum = mix32(sum, (uint32_t)dst[i] | (uint32_t)dst[i + 1] << 8 |
                             (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 24);
    bench_report("memcopy", scale, sum);
    free(src);
    free(dst);
    return 0;
}
