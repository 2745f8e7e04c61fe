/* Metrics of a binary normal/abnormal classifier (positive = abnormal, label 1).
 * NaN scores rank below every number (they are never >= a threshold). */
#include "metrics.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double ratio(int num, int den) { return den > 0 ? (double)num / den : NAN; }

hs_metrics hs_metrics_compute(const int *labels, const float *scores, int n, float threshold) {
    hs_metrics m = {0};
    if (n < 0 || ((!labels || !scores) && n > 0)) n = 0;
    m.n = n;
    m.threshold = threshold;
    hs_confusion *c = &m.confusion;
    for (int i = 0; i < n; i++) {
        int pred = scores[i] >= threshold; /* false for NaN */
        if (labels[i]) { if (pred) c->tp++; else c->fn++; }
        else { if (pred) c->fp++; else c->tn++; }
    }
    m.se = ratio(c->tp, c->tp + c->fn);
    m.sp = ratio(c->tn, c->tn + c->fp);
    m.macc = (m.se + m.sp) / 2; /* NaN propagates when a class is missing */
    m.acc = ratio(c->tp + c->tn, n);
    m.precision = ratio(c->tp, c->tp + c->fp);
    m.f1_abnormal = ratio(2 * c->tp, 2 * c->tp + c->fp + c->fn);
    m.auc = hs_auc(labels, scores, n);
    return m;
}

/* Sort helper: (score, label) pairs ascending, NaN first. */
typedef struct { float s; int y; } scored;

static int cmp_scored(const void *a, const void *b) {
    float x = ((const scored *)a)->s, y = ((const scored *)b)->s;
    int xn = !!isnan(x), yn = !!isnan(y);
    if (xn || yn) return yn - xn;
    return (x > y) - (x < y);
}

static int same_score(float a, float b) { return a == b || (isnan(a) && isnan(b)); }

static scored *sorted_pairs(const int *labels, const float *scores, int n, int *npos) {
    scored *v = malloc((size_t)n * sizeof *v);
    if (!v) return NULL;
    *npos = 0;
    for (int i = 0; i < n; i++) {
        v[i].s = scores[i];
        v[i].y = labels[i] != 0;
        *npos += v[i].y;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_scored);
    return v;
}

double hs_auc(const int *labels, const float *scores, int n) {
    if (n <= 0 || !labels || !scores) return NAN;
    int npos;
    scored *v = sorted_pairs(labels, scores, n, &npos);
    if (!v) return NAN;
    int nneg = n - npos;
    /* Sum of the (1-based, tie-averaged) ranks of the positives -> Mann-Whitney U. */
    double rank_sum = 0;
    for (int i = 0; i < n;) {
        int j = i, pos = 0;
        while (j < n && same_score(v[j].s, v[i].s)) pos += v[j++].y;
        rank_sum += pos * ((i + 1 + j) / 2.0); /* mean of ranks i+1 .. j */
        i = j;
    }
    free(v);
    if (npos == 0 || nneg == 0) return NAN;
    double u = rank_sum - (double)npos * (npos + 1) / 2.0;
    return u / ((double)npos * nneg);
}

float hs_threshold_best_macc(const int *labels, const float *scores, int n) {
    if (n <= 0 || !labels || !scores) return 0.5f;
    int npos;
    scored *v = sorted_pairs(labels, scores, n, &npos);
    if (!v) return 0.5f;
    int nneg = n - npos;
    /* Distinct values u[0] < ... < u[m-1]; cut c predicts abnormal for scores >= u[c], i.e. any
     * threshold in (u[c-1], u[c]] (c = 0: everything abnormal, c = m: nothing).
     * MAcc(c) is compared exactly as tp*nneg + tn*npos (proportional to MAcc). */
    float *u = malloc((size_t)(n + 1) * sizeof *u);
    long long *score = malloc((size_t)(n + 1) * sizeof *score);
    if (!u || !score || npos == 0 || nneg == 0) {
        free(v); free(u); free(score);
        return 0.5f;
    }
    int m = 0, tp = npos, tn = 0;
    for (int i = 0; i < n;) {
        score[m] = (long long)tp * nneg + (long long)tn * npos; /* cut before this group */
        u[m] = v[i].s;
        int j = i;
        while (j < n && same_score(v[j].s, v[i].s)) {
            if (v[j].y) tp--; else tn++;
            j++;
        }
        m++;
        i = j;
    }
    score[m] = (long long)tp * nneg + (long long)tn * npos;
    free(v);
    long long best = score[0];
    for (int c = 1; c <= m; c++) if (score[c] > best) best = score[c];
    /* Runs of consecutive best cuts; a run a..b covers thresholds (u[a-1], u[b]]. Unbounded ends
     * are clipped to the extreme scores. Pick the widest run (first on ties), return its middle. */
    int ba = -1, bb = -1;
    double bw = -1;
    for (int c = 0; c <= m; c++) {
        if (score[c] != best) continue;
        int a = c;
        while (c + 1 <= m && score[c + 1] == best) c++;
        double lo = a == 0 ? u[0] : u[a - 1], hi = c == m ? u[m - 1] : u[c];
        double w = isnan(hi - lo) ? 0 : hi - lo;
        if (w > bw) { bw = w; ba = a; bb = c; }
    }
    double lo = ba == 0 ? u[0] : u[ba - 1], hi = bb == m ? u[m - 1] : u[bb];
    if (isnan(lo)) lo = hi; /* the cut just above the NaN scores */
    float t = (float)((lo + hi) / 2);
    if (ba > 0 && !(t > u[ba - 1])) /* empty interior (adjacent floats or the top cut alone) */
        t = bb < m ? u[bb] : nextafterf(u[m - 1], INFINITY);
    free(u);
    free(score);
    return t;
}

static int put_num(char *buf, size_t cap, size_t at, const char *key, double x) {
    char *p = at < cap ? buf + at : NULL;
    size_t left = at < cap ? cap - at : 0;
    if (isfinite(x)) return snprintf(p, left, "\"%s\":%.6g,", key, x);
    return snprintf(p, left, "\"%s\":null,", key);
}

int hs_metrics_json(const hs_metrics *m, char *buf, size_t cap) {
    if (!m) return -1;
    if (!buf) cap = 0;
    size_t at = 0;
    at += (size_t)snprintf(cap ? buf : NULL, cap, "{\"n\":%d,", m->n);
    const struct { const char *k; double v; } f[] = {
        {"se", m->se}, {"sp", m->sp}, {"macc", m->macc}, {"f1_abnormal", m->f1_abnormal},
        {"acc", m->acc}, {"auc", m->auc}, {"precision", m->precision}, {"threshold", m->threshold},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) at += (size_t)put_num(buf, cap, at, f[i].k, f[i].v);
    at += (size_t)snprintf(at < cap ? buf + at : NULL, at < cap ? cap - at : 0,
                           "\"confusion\":{\"tp\":%d,\"fp\":%d,\"tn\":%d,\"fn\":%d}}",
                           m->confusion.tp, m->confusion.fp, m->confusion.tn, m->confusion.fn);
    if (cap && at >= cap) buf[cap - 1] = '\0';
    return (int)at;
}
