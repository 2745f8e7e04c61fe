/* Heads on cached YAMNet embeddings. Every patch is a training sample carrying its record's label (class
 * weights balance normal / abnormal patches); a record's p is the mean of its patches' p, as at inference.
 * Per fit, 15 % of the training records (every ~7th after a seeded shuffle) are held out to choose the
 * decision threshold (best MAcc), as the CNN trainer does; the test fold is never seen. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "yamnet_head_fit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "folds.h"
#include "metrics.h"
#include "model/hsm.h"
#include "model/yamnet/yamnet_head.h"
#include "net_train.h"
#include "rng.h"
#include "svg.h"

#define BATCH 64
#define MAX_SUBSETS 16

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void shuffle(int *a, int n, hs_rng *r) {
    for (int i = n - 1; i > 0; i--) { int j = hs_rng_int(r, i + 1), t = a[i]; a[i] = a[j]; a[j] = t; }
}

/* Per-dimension mean and 1/std over the patches of records recs[0..n). */
static void standardise(hs_yamnet_head *h, const hs_yamnet_cache *c, const int *recs, int n) {
    double s[HS_YAMNET_EMBED] = {0}, s2[HS_YAMNET_EMBED] = {0};
    size_t m = 0;
    for (int r = 0; r < n; r++)
        for (size_t p = 0; p < c->count[recs[r]]; p++, m++) {
            const float *x = c->emb[recs[r]] + p * HS_YAMNET_EMBED;
            for (int i = 0; i < HS_YAMNET_EMBED; i++) { s[i] += x[i]; s2[i] += (double)x[i] * x[i]; }
        }
    for (int i = 0; i < HS_YAMNET_EMBED; i++) {
        double mu = m ? s[i] / m : 0, var = m ? s2[i] / m - mu * mu : 1;
        h->mean[i] = (float)mu;
        h->scale[i] = (float)(1.0 / sqrt(var > 1e-6 ? var : 1e-6));
    }
}

/* Fit h (already initialised) on the patches of records recs[0..n). */
static int fit(hs_yamnet_head *h, const hs_dataset *d, const hs_yamnet_cache *c, const int *recs, int n,
               const hs_yamnet_train_opts *o, uint64_t seed) {
    standardise(h, c, recs, n);
    size_t np = 0, npos = 0;
    for (int r = 0; r < n; r++) { np += c->count[recs[r]]; if (d->rec[recs[r]].label) npos += c->count[recs[r]]; }
    int *prec = malloc(np * sizeof(int)), *pidx = malloc(np * sizeof(int));
    float *xb = malloc((size_t)BATCH * HS_YAMNET_EMBED * sizeof(float)), yb[BATCH], wb[BATCH];
    hs_trainer_net t;
    if (!prec || !pidx || !xb || np == 0 || npos == 0 || npos == np || hs_trainer_net_init(&t, &h->net, BATCH) != 0) {
        free(prec); free(pidx); free(xb);
        return -1;
    }
    size_t k = 0;
    for (int r = 0; r < n; r++)
        for (size_t p = 0; p < c->count[recs[r]]; p++, k++) { prec[k] = recs[r]; pidx[k] = (int)p; }
    /* balanced class weights: each class carries half of the total weight */
    const float w_pos = (float)np / (2.f * (float)npos), w_neg = (float)np / (2.f * (float)(np - npos));
    hs_rng rng;
    hs_rng_seed(&rng, seed);
    hs_net_init_he(&h->net, &rng);
    int *order = malloc(np * sizeof(int));
    for (size_t i = 0; order && i < np; i++) order[i] = (int)i;
    for (int e = 0; order && e < o->epochs; e++) {
        shuffle(order, (int)np, &rng);
        float lr = o->lr * 0.5f * (1.f + cosf(3.14159265f * (float)e / (float)o->epochs)); /* cosine decay */
        for (size_t b = 0; b < np; b += BATCH) {
            int nb = (int)(np - b < BATCH ? np - b : BATCH);
            for (int i = 0; i < nb; i++) {
                int s = order[b + i], r = prec[s];
                const float *x = c->emb[r] + (size_t)pidx[s] * HS_YAMNET_EMBED;
                float *dst = xb + (size_t)i * HS_YAMNET_EMBED;
                for (int j = 0; j < HS_YAMNET_EMBED; j++) dst[j] = (x[j] - h->mean[j]) * h->scale[j];
                yb[i] = (float)d->rec[r].label;
                wb[i] = d->rec[r].label ? w_pos : w_neg;
            }
            hs_trainer_net_step(&t, xb, yb, wb, nb, 0.1f, &rng);
            hs_trainer_net_adamw(&t, lr, o->wd);
        }
    }
    hs_trainer_net_free(&t);
    int ok = order != NULL;
    free(order); free(prec); free(pidx); free(xb);
    return ok ? 0 : -1;
}

/* Record-level p (mean of the record's patch p) of records recs[0..n) into p[recs[i]]. */
static void predict(const hs_yamnet_head *h, const hs_yamnet_cache *c, const int *recs, int n, float *p) {
    float *scratch = malloc(hs_yamnet_head_scratch_floats(h) * sizeof(float));
    for (int r = 0; scratch && r < n; r++) {
        double s = 0;
        for (size_t k = 0; k < c->count[recs[r]]; k++)
            s += hs_yamnet_head_p(h, c->emb[recs[r]] + k * HS_YAMNET_EMBED, scratch);
        p[recs[r]] = (float)(s / (double)c->count[recs[r]]);
    }
    free(scratch);
}

/* Fit on train records (minus a 15 % threshold split) -> h with its threshold. */
static int fit_with_threshold(hs_yamnet_head *h, const hs_dataset *d, const hs_yamnet_cache *c, const int *train,
                              int n, const hs_yamnet_train_opts *o, int hidden, uint64_t seed) {
    int *a = malloc((size_t)n * sizeof(int)), *lab = malloc((size_t)n * sizeof(int));
    float *p = malloc((size_t)d->n * sizeof(float)), *pv = malloc((size_t)n * sizeof(float));
    int rc = -1;
    if (!a || !lab || !p || !pv || hs_yamnet_head_init(h, hidden, hidden ? o->dropout : 0.f) != HS_OK) goto done;
    memcpy(a, train, (size_t)n * sizeof(int));
    hs_rng r;
    hs_rng_seed(&r, seed ^ 0x5eed);
    shuffle(a, n, &r);
    int nv = n * 15 / 100;
    if (fit(h, d, c, a + nv, n - nv, o, seed) != 0) goto done;
    predict(h, c, a, nv, p);
    for (int i = 0; i < nv; i++) { pv[i] = p[a[i]]; lab[i] = d->rec[a[i]].label; }
    h->threshold = hs_threshold_best_macc(lab, pv, nv);
    rc = 0;
done:
    free(a); free(lab); free(p); free(pv);
    return rc;
}

typedef struct eval_out { float *p, *thr; hs_metrics pooled; double seconds; } eval_out;

/* Run one protocol: fold[i] for each record, nf folds. */
static int evaluate(const hs_dataset *d, const hs_yamnet_cache *c, const int *fold, int nf, const hs_yamnet_train_opts *o,
                    int hidden, eval_out *out, hs_metrics *per_fold) {
    int *train = malloc((size_t)d->n * sizeof(int)), *test = malloc((size_t)d->n * sizeof(int));
    int *labels = malloc((size_t)d->n * sizeof(int));
    float *s = malloc((size_t)d->n * sizeof(float));
    out->p = calloc((size_t)d->n, sizeof(float));
    out->thr = calloc((size_t)d->n, sizeof(float));
    if (!train || !test || !labels || !s || !out->p || !out->thr) return -1;
    double t0 = now_s();
    for (int f = 0; f < nf; f++) {
        int ntr = 0, nte = 0;
        for (int i = 0; i < d->n; i++) { if (fold[i] == f) test[nte++] = i; else train[ntr++] = i; }
        hs_yamnet_head h;
        if (fit_with_threshold(&h, d, c, train, ntr, o, hidden, o->seed + (uint64_t)f * 7919) != 0) return -1;
        predict(&h, c, test, nte, out->p);
        for (int i = 0; i < nte; i++) {
            out->thr[test[i]] = h.threshold;
            labels[i] = d->rec[test[i]].label;
            s[i] = out->p[test[i]];
        }
        per_fold[f] = hs_metrics_compute(labels, s, nte, h.threshold);
        fprintf(stderr, "  fold %d: %d test records, MAcc %.3f Se %.3f Sp %.3f AUC %.3f (thr %.3f)\n", f, nte,
                per_fold[f].macc, per_fold[f].se, per_fold[f].sp, per_fold[f].auc, h.threshold);
        hs_yamnet_head_free(&h);
    }
    for (int i = 0; i < d->n; i++) { labels[i] = d->rec[i].label; s[i] = out->p[i] - out->thr[i] + 0.5f; }
    out->pooled = hs_metrics_compute(labels, s, d->n, 0.5f);
    out->pooled.auc = hs_auc(labels, out->p, d->n);
    out->pooled.threshold = NAN;
    out->seconds = now_s() - t0;
    free(train); free(test); free(labels); free(s);
    return 0;
}

static void json_metrics(FILE *f, const hs_metrics *m) {
    char buf[1024];
    hs_metrics_json(m, buf, sizeof buf);
    fputs(buf, f);
}

/* reports/<proto>-<head>.json (+ per-record CSV of out-of-fold p, ROC SVG) */
static void report(const hs_yamnet_train_opts *o, const hs_dataset *d, const char *proto, const char *head,
                   const eval_out *e, const hs_metrics *per_fold, int nf, char names[][64]) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s-%s.json", o->report_dir, proto, head);
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "{\"protocol\":\"%s\",\"head\":\"%s\",\"records\":%d,\"epochs\":%d,\"hidden\":%d,\"stride\":%d,"
                "\"max_patches\":%d,\"seed\":%llu,\"seconds\":%.1f,\"pooled\":", proto, head, d->n, o->epochs,
                strcmp(head, "lr") ? o->hidden : 0, o->stride, o->max_patches, (unsigned long long)o->seed, e->seconds);
        json_metrics(f, &e->pooled);
        fputs(",\"folds\":[", f);
        for (int i = 0; i < nf; i++) {
            fprintf(f, "%s{\"fold\":\"%s\",\"metrics\":", i ? "," : "", names ? names[i] : "");
            json_metrics(f, &per_fold[i]);
            fputc('}', f);
        }
        fputs("]}\n", f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/%s-%s-records.csv", o->report_dir, proto, head);
    if ((f = fopen(path, "w"))) {
        fputs("subset,record,label,p,threshold\n", f);
        for (int i = 0; i < d->n; i++)
            fprintf(f, "%s,%s,%d,%.6f,%.6f\n", d->rec[i].subset, d->rec[i].name, d->rec[i].label, e->p[i], e->thr[i]);
        fclose(f);
    }
    int *labels = malloc((size_t)d->n * sizeof(int));
    for (int i = 0; labels && i < d->n; i++) labels[i] = d->rec[i].label;
    snprintf(path, sizeof path, "%s/%s-%s-roc.svg", o->report_dir, proto, head);
    char title[128];
    snprintf(title, sizeof title, "YAMNet %s head, %s (pooled out-of-fold)", head, proto);
    if (labels) hs_svg_roc(path, title, labels, e->p, d->n);
    free(labels);
}

static int write_final(const hs_yamnet_train_opts *o, const hs_dataset *d, const hs_yamnet_cache *c, int hidden) {
    int *all = malloc((size_t)d->n * sizeof(int));
    for (int i = 0; all && i < d->n; i++) all[i] = i;
    hs_yamnet_head h;
    if (!all || fit_with_threshold(&h, d, c, all, d->n, o, hidden, o->seed) != 0) { free(all); return 2; }
    free(all);
    h.stride = o->stride; /* classify with the patch hop the head was evaluated on (also halves the work at 2) */
    h.whiten = o->whiten;
    hs_hsm_writer *w = hs_hsm_writer_create();
    hs_status st = w ? hs_yamnet_head_write(&h, w) : HS_ERR_NOMEM;
    if (st == HS_OK) st = hs_hsm_writer_save(w, o->out);
    hs_hsm_writer_destroy(w);
    fprintf(stderr, "final %s head: threshold %.3f -> %s (%s)\n", h.name, h.threshold, o->out, hs_status_string(st));
    hs_yamnet_head_free(&h);
    return st == HS_OK ? 0 : 2;
}

int hs_yamnet_heads_run(const hs_yamnet_train_opts *o, const hs_dataset *d, const hs_yamnet_cache *c) {
    static const char *heads[2] = {"lr", "mlp"};
    int *fold = malloc((size_t)d->n * sizeof(int));
    char names[MAX_SUBSETS][64];
    hs_metrics per_fold[MAX_SUBSETS > 64 ? MAX_SUBSETS : 64];
    double best = -1;
    int best_hidden = 0, rc = 0;
    if (!fold || o->folds > 64) { free(fold); return 2; }
    if (o->report_dir) mkdir(o->report_dir, 0777);
    printf("{\"yamnet_heads\":[");
    for (int proto = 0; proto < 2 && rc == 0; proto++) {
        int nf = o->folds;
        if (proto == 0) hs_folds_stratified(d, o->folds, o->seed, fold);
        else if ((nf = hs_folds_by_subset(d, fold, names, MAX_SUBSETS)) < 2) continue;
        char pname[16];
        snprintf(pname, sizeof pname, proto == 0 ? "cv%d" : "loso", o->folds);
        for (int hk = 0; hk < 2 && rc == 0; hk++) {
            if (strcmp(o->head, "best") && strcmp(o->head, heads[hk])) continue;
            int hidden = hk ? o->hidden : 0;
            fprintf(stderr, "%s, %s head:\n", pname, heads[hk]);
            eval_out e;
            if (evaluate(d, c, fold, nf, o, hidden, &e, per_fold) != 0) { rc = 2; break; }
            fprintf(stderr, "%s %s: pooled MAcc %.3f Se %.3f Sp %.3f F1 %.3f acc %.3f AUC %.3f (%.0f s)\n", pname,
                    heads[hk], e.pooled.macc, e.pooled.se, e.pooled.sp, e.pooled.f1_abnormal, e.pooled.acc,
                    e.pooled.auc, e.seconds);
            if (o->report_dir) report(o, d, pname, heads[hk], &e, per_fold, nf, proto ? names : NULL);
            printf("%s{\"protocol\":\"%s\",\"head\":\"%s\",\"pooled\":", proto + hk ? "," : "", pname, heads[hk]);
            json_metrics(stdout, &e.pooled);
            printf("}");
            if (proto == 0 && e.pooled.macc > best) { best = e.pooled.macc; best_hidden = hidden; }
            free(e.p); free(e.thr);
        }
    }
    printf("]}\n");
    if (rc == 0 && o->out) rc = write_final(o, d, c, best_hidden);
    free(fold);
    return rc;
}
