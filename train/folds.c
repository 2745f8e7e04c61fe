/* Cross-validation folds. The PRNG is splitmix64 so the same seed gives the same folds on every
 * platform and libc (rand() would not). */
#include "folds.h"
#include <stdlib.h>
#include <string.h>

static unsigned long long splitmix64(unsigned long long *s) {
    unsigned long long z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in 0..n-1 without modulo bias (rejection sampling). */
static unsigned long long below(unsigned long long *s, unsigned long long n) {
    unsigned long long limit = -n % n; /* 2^64 mod n */
    for (;;) {
        unsigned long long r = splitmix64(s);
        if (r >= limit) return r % n;
    }
}

void hs_folds_stratified(const hs_dataset *d, int k, unsigned long long seed, int *fold) {
    if (!d || !fold || d->n <= 0) return;
    if (k < 1) k = 1;
    int n = d->n;
    int *idx = malloc((size_t)n * sizeof *idx);
    char *done = calloc((size_t)n, 1);
    if (!idx || !done) { /* cannot stratify without memory: still return valid folds */
        for (int i = 0; i < n; i++) fold[i] = i % k;
        free(idx); free(done);
        return;
    }
    unsigned long long state = seed;
    int next_fold = 0; /* continue round-robin across strata so fold sizes stay within 1 */
    /* Strata in order of first appearance (a scanned dataset is sorted, so this is stable). */
    for (int first = 0; first < n; first++) {
        if (done[first]) continue;
        int m = 0;
        for (int i = first; i < n; i++)
            if (!done[i] && d->rec[i].label == d->rec[first].label &&
                !strcmp(d->rec[i].subset, d->rec[first].subset)) {
                idx[m++] = i;
                done[i] = 1;
            }
        for (int i = m - 1; i > 0; i--) { /* Fisher-Yates */
            int j = (int)below(&state, (unsigned long long)i + 1);
            int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
        }
        for (int i = 0; i < m; i++) {
            fold[idx[i]] = next_fold;
            next_fold = (next_fold + 1) % k;
        }
    }
    free(idx);
    free(done);
}

int hs_folds_by_subset(const hs_dataset *d, int *fold, char names[][64], int max_names) {
    if (!d || !fold || !names || max_names < 0) return -1;
    int ns = 0;
    for (int i = 0; i < d->n; i++) {
        int j = 0;
        while (j < ns && strcmp(names[j], d->rec[i].subset)) j++;
        if (j == ns) {
            if (ns == max_names) return -1;
            memcpy(names[ns++], d->rec[i].subset, 64);
        }
        fold[i] = j;
    }
    return ns;
}
