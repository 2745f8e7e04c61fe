/* Late fusion of two models' out-of-fold record probabilities (CNN + YAMNet head): reads their
 * per-record CSVs, joins them by subset/record, and scores each model and their weighted mean. */
#ifndef HS_FUSE_H
#define HS_FUSE_H
#include "metrics.h"

typedef struct hs_fuse_rec {
    char subset[32], record[32];
    int label;            /* 1 abnormal, 0 normal */
    float p[2], thr[2];   /* per model: out-of-fold probability and the threshold of the fold that scored it */
} hs_fuse_rec;

/* Reads a CSV with a header naming at least subset, record, label, p, threshold (any order, more columns
 * ignored; label 1 abnormal, 0 or -1 normal) into column `which` (0/1) of *recs. The first call (which 0)
 * allocates *recs and *n; the second fills in the matching records and fails on a record missing from either.
 * Returns 0, or -1 with a message in err. */
int hs_fuse_read(const char *path, int which, hs_fuse_rec **recs, int *n, char *err, size_t errcap);

/* Metrics of model 0, model 1 and the fusion p = w p0 + (1-w) p1 with threshold w t0 + (1-w) t1 (each model's
 * threshold was chosen on its own validation data, so the fused rule uses no test label), over the records
 * whose subset is `subset` (NULL = all). */
void hs_fuse_score(const hs_fuse_rec *recs, int n, float w, const char *subset, hs_metrics out[3]);
#endif
