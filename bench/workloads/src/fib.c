/*
 * fib: recursive calls. Each unit of scale evaluates a doubly recursive,
 * salted Fibonacci of depth FIB_N: 57,313 calls, none of them turned into
 * a loop. With salt 0 it is plain fib; the salt changes per unit so the
 * compiler can neither hoist the call out of the loop nor memoize it, and
 * the xor keeps LLVM's tail-recursion pass from turning the second call
 * into an accumulator loop.
 */
#include "common.h"

#define FIB_N 22
#define DEFAULT_SCALE 800

__attribute__((noinline)) static uint32_t fib(uint32_t n, uint32_t salt)
{
    if (n < 2)
        return n ^ salt;
    return fib(n - 1, salt) + (fib(n - 2, salt) ^ salt);
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < scale; i++)
        sum = mix32(sum, fib(FIB_N, i & 7));
    bench_report("fib", scale, sum);
    return 0;
}
