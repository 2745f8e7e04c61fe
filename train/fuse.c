/* Late fusion of two record-level prediction files (see fuse.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuse.h"

enum { COL_SUBSET, COL_RECORD, COL_LABEL, COL_P, COL_THR, NCOL };
static const char *col_names[NCOL] = {"subset", "record", "label", "p", "threshold"};

/* Splits line at commas in place (strips the line end); returns the field count (at most cap). */
static int split(char *line, char **f, int cap) {
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *s = line; n < cap;) {
        f[n++] = s;
        char *c = strchr(s, ',');
        if (!c) break;
        *c = 0;
        s = c + 1;
    }
    return n;
}

static hs_fuse_rec *find(hs_fuse_rec *r, int n, const char *subset, const char *record) {
    for (int i = 0; i < n; i++)
        if (!strcmp(r[i].subset, subset) && !strcmp(r[i].record, record)) return &r[i];
    return NULL;
}

int hs_fuse_read(const char *path, int which, hs_fuse_rec **recs, int *n, char *err, size_t errcap) {
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errcap, "%s: cannot open", path); return -1; }
    char line[1024], *fl[32];
    int idx[NCOL], nf, rc = -1, lineno = 1, matched = 0;
    if (!fgets(line, sizeof line, f)) { snprintf(err, errcap, "%s: empty file", path); goto out; }
    nf = split(line, fl, 32);
    for (int c = 0; c < NCOL; c++) {
        idx[c] = -1;
        for (int i = 0; i < nf; i++)
            if (!strcmp(fl[i], col_names[c])) idx[c] = i;
        if (idx[c] < 0) { snprintf(err, errcap, "%s: header lacks column '%s'", path, col_names[c]); goto out; }
    }
    int cap = which == 0 ? 0 : *n;
    if (which == 0) { *recs = NULL; *n = 0; }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '\n' || line[0] == '\r') continue;
        nf = split(line, fl, 32);
        int need = 0;
        for (int c = 0; c < NCOL; c++) need = idx[c] > need ? idx[c] : need;
        char *e1, *e2, *e3;
        if (nf <= need) { snprintf(err, errcap, "%s:%d: too few fields", path, lineno); goto out; }
        long lab = strtol(fl[idx[COL_LABEL]], &e1, 10);
        float p = strtof(fl[idx[COL_P]], &e2), t = strtof(fl[idx[COL_THR]], &e3);
        if (*e1 || *e2 || *e3 || (lab != 1 && lab != 0 && lab != -1) || !(p >= 0 && p <= 1)) {
            snprintf(err, errcap, "%s:%d: bad label, p or threshold", path, lineno); goto out;
        }
        const char *sub = fl[idx[COL_SUBSET]], *rec = fl[idx[COL_RECORD]];
        if (strlen(sub) >= 32 || strlen(rec) >= 32) { snprintf(err, errcap, "%s:%d: name too long", path, lineno); goto out; }
        hs_fuse_rec *r;
        if (which == 0) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 1024;
                hs_fuse_rec *g = realloc(*recs, (size_t)cap * sizeof *g);
                if (!g) { snprintf(err, errcap, "out of memory"); goto out; }
                *recs = g;
            }
            r = &(*recs)[(*n)++];
            memset(r, 0, sizeof *r);
            strcpy(r->subset, sub);
            strcpy(r->record, rec);
            r->label = lab == 1;
        } else {
            r = find(*recs, *n, sub, rec);
            if (!r) { snprintf(err, errcap, "%s: record %s/%s is not in the first file", path, sub, rec); goto out; }
            if (r->label != (lab == 1)) { snprintf(err, errcap, "%s: record %s/%s: labels differ", path, sub, rec); goto out; }
            matched++;
        }
        r->p[which] = p;
        r->thr[which] = t;
    }
    if (which == 1 && matched != *n) {
        snprintf(err, errcap, "%s: %d of %d records of the first file are missing", path, *n - matched, *n); goto out;
    }
    if (*n == 0) { snprintf(err, errcap, "%s: no records", path); goto out; }
    rc = 0;
out:
    fclose(f);
    return rc;
}

void hs_fuse_score(const hs_fuse_rec *recs, int n, float w, const char *subset, hs_metrics out[3]) {
    int *lab = malloc((size_t)(n ? n : 1) * sizeof *lab);
    float *s = malloc((size_t)(n ? n : 1) * 6 * sizeof *s), *raw = s ? s + (size_t)3 * (n ? n : 1) : NULL;
    if (!lab || !s) {
        free(lab); free(s);
        for (int m = 0; m < 3; m++) out[m] = hs_metrics_compute(NULL, NULL, 0, 0.5f);
        return;
    }
    /* Each record's rule "p >= its fold's threshold" becomes a common cut at 0.5 after mapping p to
     * 0.5 + (p - thr) / 2: same decisions. The AUC is taken over the raw probabilities, as in the
     * models' own reports. */
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (subset && strcmp(recs[i].subset, subset)) continue;
        const hs_fuse_rec *r = &recs[i];
        float pf = w * r->p[0] + (1 - w) * r->p[1], tf = w * r->thr[0] + (1 - w) * r->thr[1];
        lab[k] = r->label;
        s[k] = 0.5f + (r->p[0] - r->thr[0]) / 2;
        s[n + k] = 0.5f + (r->p[1] - r->thr[1]) / 2;
        s[2 * n + k] = 0.5f + (pf - tf) / 2;
        raw[k] = r->p[0];
        raw[n + k] = r->p[1];
        raw[2 * n + k] = pf;
        k++;
    }
    for (int m = 0; m < 3; m++) {
        out[m] = hs_metrics_compute(lab, s + (size_t)m * n, k, 0.5f);
        out[m].auc = hs_auc(lab, raw + (size_t)m * n, k);
        out[m].threshold = NAN; /* per-fold thresholds: no single value */
    }
    free(lab);
    free(s);
}
