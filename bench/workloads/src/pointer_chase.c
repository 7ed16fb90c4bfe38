/*
 * pointer_chase: dependent loads through a linked list. N nodes are linked
 * into one random cycle (Sattolo's shuffle), so each step jumps to an
 * unpredictable address and needs the previous load to finish. A unit of
 * scale walks the cycle LAPS times, reading and updating each node.
 * 8192 nodes: 64 KiB on wasm32 (128 KiB natively, where pointers are 8 bytes).
 */
#include "common.h"

#define DEFAULT_SCALE 2000
#define N 8192
#define LAPS 4

struct node {
    struct node *next;
    uint32_t value;
};

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    struct node *nodes = bench_alloc(N * sizeof *nodes);
    uint32_t *order = bench_alloc(N * sizeof *order);
    uint32_t rng = 0x85ebca6bu;

    /* Sattolo: a uniformly random permutation that is a single N-cycle. */
    for (uint32_t i = 0; i < N; i++)
        order[i] = i;
    for (uint32_t i = N - 1; i > 0; i--) {
        uint32_t j = rng_next(&rng) % i;
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < N; i++) {
        nodes[i].next = &nodes[order[i]];
        nodes[i].value = rng_next(&rng);
    }
    free(order);

    struct node *p = &nodes[0];
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        uint32_t acc = unit;
        for (uint32_t step = 0; step < N * LAPS; step++) {
            acc += p->value;
            p->value ^= acc >> 7;
            p = p->next;
        }
        /* Where the walk is tells how far it got: fold the node index in. */
        sum = mix32(mix32(sum, acc), (uint32_t)(p - nodes));
    }
    bench_report("pointer_chase", scale, sum);
    free(nodes);
    return 0;
}
