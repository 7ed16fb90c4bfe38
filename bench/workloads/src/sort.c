/*
 * sort: comparison sorting of generated u32 keys. A unit of scale fills an
 * array of N keys and sorts it with quicksort (median of three, insertion
 * sort below 16), then refills it with many duplicates and sorts it with a
 * bottom-up merge sort. Each result is checked for order and sampled into
 * the checksum. Two arrays of 16 KiB.
 */
#include "common.h"

#define DEFAULT_SCALE 200
#define N 4096

static void insertion_sort(uint32_t *a, int lo, int hi)
{
    for (int i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static inline void swap(uint32_t *a, int i, int j)
{
    uint32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(uint32_t *a, int lo, int hi)
{
    while (hi - lo >= 16) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo])
            swap(a, mid, lo);
        if (a[hi] < a[lo])
            swap(a, hi, lo);
        if (a[hi] < a[mid])
            swap(a, hi, mid);
        uint32_t pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                j--;
            }
        }
        /* Recurse into the smaller side, loop on the larger: O(log n) stack. */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

static void merge_sort(uint32_t *a, uint32_t *tmp, int n)
{
    uint32_t *src = a, *dst = tmp;
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, (size_t)n * sizeof *a);
}

static uint32_t digest_sorted(uint32_t sum, const uint32_t *a)
{
    uint32_t unsorted = 0;
    for (int i = 1; i < N; i++)
        unsorted += a[i - 1] > a[i];
    sum = mix32(sum, unsorted);
    for (int i = 0; i < N; i += 257)
        sum = mix32(sum, a[i]);
    return mix32(sum, a[N - 1]);
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    uint32_t *a = bench_alloc(N * sizeof *a);
    uint32_t *tmp = bench_alloc(N * sizeof *tmp);
    uint32_t rng = 0x1b873593u;
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        for (int i = 0; i < N; i++)
            a[i] = rng_next(&rng);
        quicksort(a, 0, N - 1);
        sum = digest_sorted(sum, a);

        for (int i = 0; i < N; i++)
            a[i] = rng_next(&rng) % 1000;
        merge_sort(a, tmp, N);
        sum = digest_sorted(sum, a);
    }
    bench_report("sort", scale, sum);
    free(a);
    free(tmp);
    return 0;
}
