/* The benchmark helpers' clock and percentiles. */
#ifndef ENTRADA_BENCH_TIMING_H
#define ENTRADA_BENCH_TIMING_H

#include <stdlib.h>
#include <time.h>

/* Milliseconds on a monotonic clock. */
static inline double timing_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int timing_compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th quantile (0..1) of v[0..n), sorting v. */
static inline double timing_percentile(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, timing_compare);
    return v[(size_t)(p * (double)(n - 1) + 0.5)];
}

#endif
