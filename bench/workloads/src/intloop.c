/*
 * intloop: integer arithmetic in tight loops, no memory traffic. Each unit
 * of scale follows 64 Collatz trajectories (i64 shifts, adds, compares;
 * random starts below 2^20, about 110 steps each) and runs Euclid's gcd on
 * 64 random pairs of u32 (i32 remainders).
 */
#include "common.h"

#define DEFAULT_SCALE 4000
#define PER_UNIT 64

static uint32_t collatz_steps(uint64_t n)
{
    uint32_t steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n >> 1;
        steps++;
    }
    return steps;
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
    while (b != 0) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    uint32_t rng = 0x2545f491u;
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        uint32_t steps = 0, gcds = 0;
        for (uint32_t k = 0; k < PER_UNIT; k++) {
            uint32_t start = (rng_next(&rng) & 0xfffff) | 1;
            steps += collatz_steps(start);
            uint32_t a = rng_next(&rng), b = rng_next(&rng);
            gcds += gcd(a, b);
        }
        sum = mix32(mix32(sum, steps), gcds);
    }
    bench_report("intloop", scale, sum);
    return 0;
}
