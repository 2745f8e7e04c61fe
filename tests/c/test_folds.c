/* Cross-validation folds: stratified balance, disjointness, determinism; leave-one-subset-out.
 * Runs on the real PhysioNet dataset when decoded, and always on a synthetic one. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "dataset.h"
#include "folds.h"
#include "testutil.h"

#define K 5

/* Every record in exactly one fold 0..k-1; per subset x label and overall, fold counts differ by <= 1. */
static void check_stratified(const hs_dataset *d, int k, const int *fold) {
    int in_range = 1;
    for (int i = 0; i < d->n; i++) in_range &= fold[i] >= 0 && fold[i] < k;
    CHECK(in_range);
    int total[16] = {0};
    for (int i = 0; i < d->n; i++) total[fold[i]]++;
    int lo = d->n, hi = 0;
    for (int f = 0; f < k; f++) { if (total[f] < lo) lo = total[f]; if (total[f] > hi) hi = total[f]; }
    CHECK_MSG(hi - lo <= 1, "fold sizes %d..%d", lo, hi);
    /* per stratum (subset x label) */
    enum { MAXS = 64 };
    char key[MAXS][66];
    int cnt[MAXS][16] = {{0}}, ns = 0;
    for (int i = 0; i < d->n; i++) {
        char kk[66];
        snprintf(kk, sizeof kk, "%s/%d", d->rec[i].subset, d->rec[i].label);
        int s = 0;
        while (s < ns && strcmp(key[s], kk)) s++;
        if (s == ns && ns < MAXS) memcpy(key[ns++], kk, sizeof kk);
        if (s < MAXS) cnt[s][fold[i]]++;
    }
    int bad = 0;
    for (int s = 0; s < ns; s++) {
        int a = d->n, b = 0;
        for (int f = 0; f < k; f++) { if (cnt[s][f] < a) a = cnt[s][f]; if (cnt[s][f] > b) b = cnt[s][f]; }
        if (b - a > 1) bad++;
    }
    CHECK_MSG(bad == 0, "%d strata unbalanced", bad);
}

/* Record-disjoint: no file appears in two folds (a record listed twice would break this). */
static void check_disjoint(const hs_dataset *d, const int *fold) {
    int clash = 0;
    for (int i = 1; i < d->n; i++) /* scanned datasets are sorted by path: duplicates are adjacent */
        if (!strcmp(d->rec[i].path, d->rec[i - 1].path) && fold[i] != fold[i - 1]) clash++;
    CHECK(clash == 0);
}

static void check_seeds(const hs_dataset *d) {
    int *a = malloc(d->n * sizeof *a), *b = malloc(d->n * sizeof *b), *c = malloc(d->n * sizeof *c);
    hs_folds_stratified(d, K, 42, a);
    hs_folds_stratified(d, K, 42, b);
    hs_folds_stratified(d, K, 43, c);
    check_stratified(d, K, a);
    check_disjoint(d, a);
    CHECK(!memcmp(a, b, d->n * sizeof *a)); /* deterministic */
    int diff = 0, plain = 0;
    for (int i = 0; i < d->n; i++) diff += a[i] != c[i];
    CHECK_MSG(diff > d->n / 4, "seeds 42 and 43 differ on only %d of %d records", diff, d->n);
    /* shuffled: not simply dealt in dataset order */
    for (int i = 0; i < d->n; i++) plain += a[i] == i % K;
    CHECK(plain < d->n);
    free(a); free(b); free(c);
}

static hs_record mk(const char *subset, int label, int i) {
    hs_record r = {0};
    char p[64];
    snprintf(p, sizeof p, "/x/%s/r%03d.wav", subset, i);
    r.path = strdup(p);
    snprintf(r.name, sizeof r.name, "r%03d", i);
    snprintf(r.subset, sizeof r.subset, "%s", subset);
    r.label = label;
    return r;
}

static void test_synthetic(void) {
    /* subset x: 7 normal + 3 abnormal; y: 11 normal + 2 abnormal -> 23 records */
    hs_dataset d = {calloc(23, sizeof(hs_record)), 0};
    for (int i = 0; i < 23; i++) d.rec[i] = mk(i < 10 ? "x" : "y", i < 7 ? 0 : i < 10 ? 1 : i < 21 ? 0 : 1, i);
    d.n = 23;
    check_seeds(&d);
    /* k = 3: strata of 7, 3, 11, 2 -> folds hold 8, 8, 7 (23 = 3*7 + 2) */
    int fold[23], cnt[3] = {0};
    hs_folds_stratified(&d, 3, 7, fold);
    for (int i = 0; i < 23; i++) cnt[fold[i]]++;
    int big = (cnt[0] == 8) + (cnt[1] == 8) + (cnt[2] == 8), small = (cnt[0] == 7) + (cnt[1] == 7) + (cnt[2] == 7);
    CHECK(big == 2 && small == 1);
    /* y abnormal has 2 records with k = 3: they land in two different folds */
    CHECK(fold[21] != fold[22]);
    /* k = 1: everything in fold 0 */
    hs_folds_stratified(&d, 1, 7, fold);
    int zeros = 0;
    for (int i = 0; i < 23; i++) zeros += fold[i] == 0;
    CHECK(zeros == 23);
    /* leave-one-subset-out */
    char names[4][64];
    CHECK(hs_folds_by_subset(&d, fold, names, 4) == 2);
    CHECK(!strcmp(names[0], "x") && !strcmp(names[1], "y"));
    CHECK(fold[0] == 0 && fold[9] == 0 && fold[10] == 1 && fold[22] == 1);
    CHECK(hs_folds_by_subset(&d, fold, names, 1) == -1); /* more subsets than room */
    hs_dataset_free(&d);
}

static void test_real(void) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    hs_dataset d;
    CHECK(hs_dataset_scan(&dir, 1, &d) == HS_OK);
    CHECK_MSG(d.n == 2656, "%d records in %s (PhysioNet 2016 training: 2656)", d.n, dir);
    if (d.n == 0) return;
    check_seeds(&d);
    int *fold = malloc(d.n * sizeof *fold);
    char names[8][64];
    CHECK(hs_folds_by_subset(&d, fold, names, 8) == 5);
    CHECK(!strcmp(names[0], "training-a") && !strcmp(names[4], "training-e"));
    int ok = 1;
    for (int i = 0; i < d.n; i++) ok &= !strcmp(names[fold[i]], d.rec[i].subset);
    CHECK(ok);
    free(fold);
    hs_dataset_free(&d);
}

int main(void) {
    test_synthetic();
    test_real();
    return hs_test_finish("test_folds");
}
