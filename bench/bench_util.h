/* Timing helpers shared by the native benchmark programs (bench/bench_*.c). Define _POSIX_C_SOURCE before
 * any include in the including file (clock_gettime). */
#ifndef HS_BENCH_UTIL_H
#define HS_BENCH_UTIL_H
#include <time.h>

/* Monotonic wall clock in milliseconds. */
static inline double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* qsort comparator for doubles (medians and best-of over repeated runs). */
static inline int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
#endif
