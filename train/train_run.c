/* heartsound train: cross-validation / leave-one-subset-out reports and the final model. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "arch.h"
#include "dataset.h"
#include "feature_cache.h"
#include "folds.h"
#include "gemm.h"
#include "quantize.h"
#include "metrics.h"
#include "model/cnn/cnn_io.h"
#include "svg.h"
#include "train_run.h"

#define MAX_SUBSETS 32

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int mkdirs(const char *path) {
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') { *p = 0; if (mkdir(buf, 0777) && errno != EEXIST) return -1; *p = '/'; }
    return (mkdir(buf, 0777) && errno != EEXIST) ? -1 : 0;
}

static void json_floats(FILE *f, const char *key, const float *v, int n) {
    fprintf(f, "\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        if (isfinite(v[i])) fprintf(f, "%s%.5g", i ? "," : "", v[i]);
        else fprintf(f, "%snull", i ? "," : "");
    }
    fputc(']', f);
}

static void json_metrics(FILE *f, const hs_metrics *m) {
    char buf[1024];
    hs_metrics_json(m, buf, sizeof buf);
    fputs(buf, f);
}

/* Metrics of records whose decisions used different thresholds (one per fold): decisions come from
 * p >= thr[i], AUC from the raw scores. sel: restrict to records with sel[i] (NULL = all). */
static hs_metrics metrics_multi_thr(const int *labels, const float *p, const float *thr, const int *sel, int n) {
    int *l = malloc((size_t)(n + 1) * sizeof *l);
    float *s = malloc((size_t)(n + 1) * sizeof *s), *raw = malloc((size_t)(n + 1) * sizeof *raw);
    hs_metrics m;
    memset(&m, 0, sizeof m);
    if (!l || !s || !raw) goto done;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (sel && !sel[i]) continue;
        l[k] = labels[i];
        s[k] = p[i] - thr[i] + 0.5f; /* shifted so 0.5 reproduces each record's own decision */
        raw[k] = p[i];
        k++;
    }
    m = hs_metrics_compute(l, s, k, 0.5f);
    m.auc = hs_auc(l, raw, k);
    m.threshold = NAN;
done:
    free(l); free(s); free(raw);
    return m;
}

/* out-of-fold record predictions (for late fusion with other models, `heartsound fuse`):
 * record,subset,label,p,fold,threshold with label 1 abnormal / 0 normal, p from the fold model that did not
 * train on the record and that fold's validation threshold */
/* Per-subset metrics as JSON members (and one stderr line each, prefixed by `tag`); sel is scratch (n). */
static void per_subset_json(FILE *f, const char *tag, const int *labels, const float *p, const float *thr,
                            const int *subset_of, int *sel, int n, char (*names)[64], int nsub) {
    for (int s = 0; s < nsub; s++) {
        for (int i = 0; i < n; i++) sel[i] = subset_of[i] == s;
        hs_metrics ms = metrics_multi_thr(labels, p, thr, sel, n);
        fprintf(f, "%s\n\"%s\":", s ? "," : "", names[s]);
        json_metrics(f, &ms);
        fprintf(stderr, "  %s%-12s n %4d macc %.3f se %.3f sp %.3f f1 %.3f auc %.3f\n", tag, names[s], ms.n, ms.macc,
                ms.se, ms.sp, ms.f1_abnormal, ms.auc);
    }
}

static int write_oof(const char *dir, const hs_dataset *d, const float *p, const int *fold, const float *thr) {
    char path[1200];
    snprintf(path, sizeof path, "%s/oof.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) { fprintf(stderr, "heartsound: %s: cannot write\n", path); return -1; }
    fprintf(f, "record,subset,label,p,fold,threshold\n");
    for (int i = 0; i < d->n; i++)
        fprintf(f, "%s,%s,%d,%.6f,%d,%.6f\n", d->rec[i].name, d->rec[i].subset, d->rec[i].label, p[i], fold[i], thr[i]);
    return fclose(f) == 0 ? 0 : -1;
}

/* the records of d with fold[i] != f (or == f when `in`), as indices */
static int select_fold(const int *fold, int n, int f, int in, int *idx) {
    int k = 0;
    for (int i = 0; i < n; i++)
        if ((fold[i] == f) == in) idx[k++] = i;
    return k;
}

/* inner validation split of the training part: one stratified tenth */
static int inner_split(const hs_dataset *d, const int *part, int npart, uint64_t seed, int *tr, int *ntr, int *va) {
    hs_dataset sub = {malloc((size_t)npart * sizeof(hs_record)), npart};
    int *fold = malloc((size_t)npart * sizeof(int));
    if (!sub.rec || !fold) { free(sub.rec); free(fold); return -1; }
    for (int i = 0; i < npart; i++) sub.rec[i] = d->rec[part[i]];
    hs_folds_stratified(&sub, 10, seed, fold);
    int nv = 0;
    *ntr = 0;
    for (int i = 0; i < npart; i++) {
        if (fold[i] == 0) va[nv++] = part[i];
        else tr[(*ntr)++] = part[i];
    }
    free(sub.rec); free(fold);
    return nv;
}

static int build_net(const hs_train_run_opts *o, hs_net *net, int mels) {
    return hs_arch_build(net, o->cfg.window, mels, o->channels, o->nblocks, o->stride0, o->stride0w, o->dropout);
}

/* one fold: inner split of the training part, fit, score the test records (p, thr at their indices) */
static int run_fold(const hs_train_run_opts *o, const hs_dataset *d, const hs_feature_cache *fc, const int *fold,
                    int fi, const char *tag, const int *labels, float *p, float *thr, float *pl, float *thrl,
                    hs_fit_result *res,
                    hs_metrics *fm, int *ntest, int *nval, int *ntrain, double t0) {
    const int n = d->n;
    int *test = malloc((size_t)n * sizeof *test), *part = malloc((size_t)n * sizeof *part);
    int *tr = malloc((size_t)n * sizeof *tr), *va = malloc((size_t)n * sizeof *va), *lt = malloc((size_t)n * sizeof *lt);
    float *pt = malloc((size_t)n * sizeof *pt), *ptl = malloc((size_t)n * sizeof *ptl);
    hs_net net;
    int rc = -1, built = 0;
    if (!test || !part || !tr || !va || !lt || !pt || !ptl) goto done;
    int nt = select_fold(fold, n, fi, 1, test);
    int np = select_fold(fold, n, fi, 0, part);
    int ntr = 0, nv = inner_split(d, part, np, o->cfg.seed + 1000 + fi, tr, &ntr, va);
    if (nv < 0 || build_net(o, &net, fc->mels) != 0) goto done;
    built = 1;
    hs_train_config cfg = o->cfg;
    cfg.tag = tag;
    cfg.seed = o->cfg.seed * 1000003ULL + (uint64_t)fi;
    if (hs_fit(&net, fc, d, tr, ntr, va, nv, &cfg, res) != 0) goto done;
    hs_score_records(&net, fc, test, nt, cfg.window, cfg.hop, pt, ptl);
    for (int i = 0; i < nt; i++) {
        p[test[i]] = pt[i]; thr[test[i]] = res->threshold; lt[i] = labels[test[i]];
        pl[test[i]] = ptl[i]; thrl[test[i]] = res->threshold_logit;
    }
    *fm = hs_metrics_compute(lt, pt, nt, res->threshold);
    *ntest = nt; *nval = nv; *ntrain = ntr;
    fprintf(stderr, "%s: n %d macc %.3f se %.3f sp %.3f f1 %.3f auc %.3f thr %.3f (%d epochs, best %d, %.0f s; %.0f s total)\n",
            tag, nt, fm->macc, fm->se, fm->sp, fm->f1_abnormal, fm->auc, res->threshold,
            res->epochs_run, res->best_epoch, res->seconds, now_s() - t0);
    /* int8 twin of this fold: post-training quantisation with this fold's own training windows, scored on
     * the same test records with the same threshold (train/quantize.h; docs/RESULTS.md) */
    float *pq = o->no_int8_cv ? NULL : malloc((size_t)(nt > 0 ? nt : 1) * sizeof *pq);
    if (pq && hs_quantize_score_records(&net, fc, tr, ntr, test, nt, cfg.window, cfg.hop, pq) == HS_OK) {
        hs_metrics qm = hs_metrics_compute(lt, pq, nt, res->threshold);
        fprintf(stderr, "%s: int8 macc %.4f (float %.4f, %+.4f) auc %.4f (float %.4f)\n", tag, qm.macc, fm->macc,
                qm.macc - fm->macc, qm.auc, fm->auc);
    }
    free(pq);
    rc = 0;
done:
    if (built) hs_net_free(&net);
    free(test); free(part); free(tr); free(va); free(lt); free(pt); free(ptl);
    return rc;
}

/* k-fold CV (loso = 0) or leave-one-subset-out: writes report.json + SVGs into dir */
static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* k-fold CV: *cv_thr = median of the folds' thresholds (each chosen on its inner validation split) */
static int cross_validate(const hs_train_run_opts *o, const hs_dataset *d, const hs_feature_cache *fc,
                          const char *dir, float *cv_thr) {
    const int n = d->n;
    int *fold = malloc((size_t)n * sizeof *fold), *labels = malloc((size_t)n * sizeof *labels);
    int *test = malloc((size_t)n * sizeof *test), *part = malloc((size_t)n * sizeof *part);
    int *tr = malloc((size_t)n * sizeof *tr), *va = malloc((size_t)n * sizeof *va);
    int *sel = malloc((size_t)n * sizeof *sel);
    float *p = malloc((size_t)n * sizeof *p), *thr = malloc((size_t)n * sizeof *thr);
    float *pl = malloc((size_t)n * sizeof *pl), *thrl = malloc((size_t)n * sizeof *thrl);
    char names[MAX_SUBSETS][64];
    int k, rc = 2;
    hs_fit_result *res = NULL;
    FILE *f = NULL;
    if (!fold || !labels || !test || !part || !tr || !va || !sel || !p || !thr || !pl || !thrl) goto done;
    if (o->loso) {
        k = hs_folds_by_subset(d, fold, names, MAX_SUBSETS);
        if (k < 2) { fprintf(stderr, "heartsound: train --loso needs at least 2 subsets (found %d)\n", k); goto done; }
    } else {
        k = o->folds;
        hs_folds_stratified(d, k, o->cfg.seed, fold);
    }
    int nsub = hs_folds_by_subset(d, sel, names, MAX_SUBSETS); /* subset index per record (sel reused) */
    int *subset_of = malloc((size_t)n * sizeof *subset_of);
    if (!subset_of || nsub < 1) { free(subset_of); goto done; }
    memcpy(subset_of, sel, (size_t)n * sizeof *sel);
    res = calloc((size_t)k, sizeof *res);
    hs_metrics *fm = calloc((size_t)k, sizeof *fm);
    int *ntest = calloc((size_t)k, sizeof *ntest), *nval = calloc((size_t)k, sizeof *nval), *ntrain = calloc((size_t)k, sizeof *ntrain);
    if (!res || !fm || !ntest || !nval || !ntrain) { free(subset_of); free(fm); free(ntest); free(nval); free(ntrain); goto done; }
    for (int i = 0; i < n; i++) labels[i] = d->rec[i].label;
    const double t0 = now_s();
    /* folds run in parallel, one thread each (the nested parallel regions inside run single-threaded):
     * no fine-grained barriers, which stall badly on a shared, oversubscribed machine */
    int failed = 0;
    #pragma omp parallel for schedule(dynamic, 1) reduction(|:failed)
    for (int fi = 0; fi < k; fi++) {
        char tag[96];
        if (o->loso) snprintf(tag, sizeof tag, "test %s", names[fi]);
        else snprintf(tag, sizeof tag, "fold %d/%d", fi + 1, k);
        failed |= run_fold(o, d, fc, fold, fi, tag, labels, p, thr, pl, thrl, &res[fi], &fm[fi], &ntest[fi], &nval[fi], &ntrain[fi], t0) != 0;
    }
    if (failed) {
        fprintf(stderr, "heartsound: train: a fold failed (out of memory?)\n");
        free(subset_of); free(fm); free(ntest); free(nval); free(ntrain);
        goto done;
    }
    const double seconds = now_s() - t0;
    if (!o->loso) {
        float *ft = malloc((size_t)k * sizeof *ft);
        if (ft) {
            for (int fi = 0; fi < k; fi++) ft[fi] = res[fi].threshold;
            qsort(ft, (size_t)k, sizeof *ft, cmp_float);
            *cv_thr = k % 2 ? ft[k / 2] : 0.5f * (ft[k / 2 - 1] + ft[k / 2]);
            free(ft);
        }
    }
    hs_metrics pooled = metrics_multi_thr(labels, p, thr, NULL, n);
    write_oof(dir, d, p, fold, thr);
    char path[1200];
    snprintf(path, sizeof path, "%s/report.json", dir);
    f = fopen(path, "w");
    if (!f) { fprintf(stderr, "heartsound: %s: cannot write\n", path); free(subset_of); free(fm); free(ntest); free(nval); free(ntrain); goto done; }
    fprintf(f, "{\"mode\":\"%s\",\"k\":%d,\"records\":%d,\"seed\":%llu,\"seconds\":%.1f,\n", o->loso ? "loso" : "kfold", k, n,
            (unsigned long long)o->cfg.seed, seconds);
    fprintf(f, "\"config\":{\"window\":%d,\"hop\":%d,\"epochs\":%d,\"batch\":%d,\"lr\":%g,\"wd\":%g,\"patience\":%d,"
               "\"subset_power\":%g,\"dropout\":%g,\"stride0\":%d,\"stride0w\":%d,\"epoch_windows\":%d,\"augment\":%d,\"adversary\":%g,\"adversary_cond\":%d,\"lr_cosine\":%d,\"ema\":%g,\"stretch\":%g,\"mixup\":%g,\"channels\":[", o->cfg.window, o->cfg.hop, o->cfg.epochs,
            o->cfg.batch, o->cfg.lr, o->cfg.wd, o->cfg.patience, o->cfg.subset_power, o->dropout, o->stride0, o->stride0w,
            o->cfg.epoch_windows, o->cfg.aug.p > 0, o->cfg.adv_lambda, o->cfg.adv_cond, o->cfg.lr_cosine, o->cfg.ema,
            o->cfg.aug.stretch_max, o->cfg.mixup);
    for (int b = 0; b < o->nblocks; b++) fprintf(f, "%s%d", b ? "," : "", o->channels[b]);
    fprintf(f, "]},\n\"folds\":[\n");
    double sum_macc = 0, sum_f1 = 0;
    int n_f1 = 0, n_macc = 0;
    for (int fi = 0; fi < k; fi++) {
        fprintf(f, "%s{\"fold\":%d,", fi ? ",\n" : "", fi);
        if (o->loso) { fprintf(f, "\"test_subset\":"); fprintf(f, "\"%s\",", names[fi]); }
        fprintf(f, "\"n_train\":%d,\"n_val\":%d,\"n_test\":%d,\"epochs\":%d,\"best_epoch\":%d,\"threshold\":%.5g,\"seconds\":%.1f,",
                ntrain[fi], nval[fi], ntest[fi], res[fi].epochs_run, res[fi].best_epoch, res[fi].threshold, res[fi].seconds);
        json_floats(f, "train_loss", res[fi].train_loss, res[fi].epochs_run);
        fputc(',', f);
        json_floats(f, "val_auc", res[fi].val_auc, res[fi].epochs_run);
        if (o->cfg.adv_lambda > 0) { fputc(',', f); json_floats(f, "adv_loss", res[fi].adv_loss, res[fi].epochs_run); }
        fputs(",\"test\":", f);
        json_metrics(f, &fm[fi]);
        fputc('}', f);
        if (isfinite(fm[fi].macc)) { sum_macc += fm[fi].macc; n_macc++; }
        if (isfinite(fm[fi].f1_abnormal)) { sum_f1 += fm[fi].f1_abnormal; n_f1++; }
    }
    fprintf(f, "\n],\n\"mean_over_folds\":{\"macc\":%.4f,\"f1_abnormal\":%.4f},\n\"pooled\":",
            n_macc ? sum_macc / n_macc : NAN, n_f1 ? sum_f1 / n_f1 : NAN);
    json_metrics(f, &pooled);
    fprintf(f, ",\n\"per_subset\":{");
    per_subset_json(f, "", labels, p, thr, subset_of, sel, n, names, nsub);
    /* the same out-of-fold windows aggregated as mean logit, thresholds from the same validation splits */
    hs_metrics pooled_l = metrics_multi_thr(labels, pl, thrl, NULL, n);
    fprintf(f, "},\n\"pooled_mean_logit\":");
    json_metrics(f, &pooled_l);
    fprintf(f, ",\n\"per_subset_mean_logit\":{");
    per_subset_json(f, "mean-logit ", labels, pl, thrl, subset_of, sel, n, names, nsub);
    fprintf(stderr, "mean-logit aggregation pooled: macc %.3f se %.3f sp %.3f f1 %.3f auc %.3f\n", pooled_l.macc,
            pooled_l.se, pooled_l.sp, pooled_l.f1_abnormal, pooled_l.auc);
    fprintf(f, "}}\n");
    fclose(f);
    f = NULL;
    fprintf(stderr, "%s pooled: n %d macc %.3f se %.3f sp %.3f f1 %.3f acc %.3f auc %.3f; mean over folds macc %.3f f1 %.3f (%.0f s)\n",
            o->loso ? "loso" : "cv", pooled.n, pooled.macc, pooled.se, pooled.sp, pooled.f1_abnormal, pooled.acc,
            pooled.auc, n_macc ? sum_macc / n_macc : NAN, n_f1 ? sum_f1 / n_f1 : NAN, seconds);
    /* plots */
    snprintf(path, sizeof path, "%s/confusion.svg", dir);
    hs_svg_confusion(path, o->loso ? "leave-one-subset-out (pooled)" : "cross-validation (pooled)", pooled.confusion);
    snprintf(path, sizeof path, "%s/roc.svg", dir);
    hs_svg_roc(path, o->loso ? "leave-one-subset-out ROC" : "cross-validation ROC", labels, p, n);
    hs_series *ser = calloc((size_t)k, sizeof *ser);
    char (*sname)[80] = calloc((size_t)k, 80);
    if (ser && sname) {
        for (int fi = 0; fi < k; fi++) {
            if (o->loso) snprintf(sname[fi], 80, "%s", names[fi]);
            else snprintf(sname[fi], 80, "fold %d", fi + 1);
            ser[fi] = (hs_series){sname[fi], res[fi].train_loss, res[fi].epochs_run};
        }
        snprintf(path, sizeof path, "%s/train_loss.svg", dir);
        hs_svg_curves(path, "training loss", "epoch", "BCE", ser, k);
        for (int fi = 0; fi < k; fi++) ser[fi].y = res[fi].val_auc;
        snprintf(path, sizeof path, "%s/val_auc.svg", dir);
        hs_svg_curves(path, "inner validation AUC", "epoch", "AUC", ser, k);
    }
    free(ser); free(sname);
    fprintf(stderr, "report: %s/report.json\n", dir);
    free(subset_of); free(fm); free(ntest); free(nval); free(ntrain);
    rc = 0;
done:
    free(fold); free(labels); free(test); free(part); free(tr); free(va); free(sel); free(p); free(thr); free(pl); free(thrl); free(res);
    return rc;
}

/* final model: all records (inner validation split for early stopping + threshold) -> .hsm */
/* cv_thr: the median CV fold threshold when CV ran first (else NAN): k validation splits instead of the
 * final model's single 10 % split, whose MAcc-optimal threshold is noisy (docs/RESULTS.md) */
static int train_final(const hs_train_run_opts *o, const hs_dataset *d, const hs_feature_cache *fc, const char *dir,
                       float cv_thr) {
    int n = d->n, rc = 2, ntr = 0;
    int *all = malloc((size_t)n * sizeof *all), *tr = malloc((size_t)n * sizeof *tr), *va = malloc((size_t)n * sizeof *va);
    hs_fit_result *res = calloc(1, sizeof *res);
    hs_cnn_model m;
    memset(&m, 0, sizeof m);
    if (!all || !tr || !va || !res) goto done;
    for (int i = 0; i < n; i++) all[i] = i;
    int nv = inner_split(d, all, n, o->cfg.seed + 999, tr, &ntr, va);
    if (nv < 0 || build_net(o, &m.net, fc->mels) != 0) goto done;
    hs_train_config cfg = o->cfg;
    cfg.tag = "final";
    if (hs_fit(&m.net, fc, d, tr, ntr, va, nv, &cfg, res) != 0) goto done;
    m.preproc = hs_preproc_default();
    if (o->bandpass_hi_hz > 0) m.preproc.bandpass_hi_hz = o->bandpass_hi_hz;
    m.melspec = hs_melspec_default_pcg();
    m.window_frames = cfg.window;
    m.hop_frames = cfg.hop;
    m.norm_mode = HS_NORM_RECORDING;
    m.threshold = o->threshold >= 0 ? o->threshold : isfinite(cv_thr) ? cv_thr : res->threshold;
    snprintf(m.name, sizeof m.name, "%.60s", o->name ? o->name : "cnn");
    hs_status st = hs_cnn_model_save(&m, o->out);
    if (st != HS_OK) { fprintf(stderr, "heartsound: %s: %s\n", o->out, hs_status_string(st)); goto done; }
    fprintf(stderr, "final: %d train / %d val records, %d epochs (best %d), threshold %.3f (inner validation %.3f, "
            "median CV fold %.3f), %.0f s -> %s\n", ntr, nv, res->epochs_run, res->best_epoch, m.threshold,
            res->threshold, cv_thr, res->seconds, o->out);
    char path[1200];
    snprintf(path, sizeof path, "%s/final.json", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "{\"mode\":\"final\",\"records\":%d,\"n_train\":%d,\"n_val\":%d,\"epochs\":%d,\"best_epoch\":%d,"
                   "\"threshold\":%.5g,\"threshold_inner_val\":%.5g,\"seconds\":%.1f,\"model\":", n, ntr, nv,
                res->epochs_run, res->best_epoch, m.threshold, res->threshold, res->seconds);
        fprintf(f, "\"%s\",", o->out);
        json_floats(f, "train_loss", res->train_loss, res->epochs_run);
        fputc(',', f);
        json_floats(f, "val_auc", res->val_auc, res->epochs_run);
        fprintf(f, "}\n");
        fclose(f);
    }
    rc = 0;
done:
    hs_net_free(&m.net);
    free(all); free(tr); free(va); free(res);
    return rc;
}

/* about max_records records, stratified by subset x class (one fold of a k-fold split) */
static void shrink_dataset(hs_dataset *d, int max_records, uint64_t seed) {
    if (max_records <= 0 || max_records >= d->n) return;
    int k = (d->n + max_records - 1) / max_records;
    int *fold = malloc((size_t)d->n * sizeof *fold);
    if (!fold) return;
    hs_folds_stratified(d, k, seed, fold);
    int j = 0;
    for (int i = 0; i < d->n; i++) {
        if (fold[i] == 0) d->rec[j++] = d->rec[i];
        else free(d->rec[i].path);
    }
    d->n = j;
    free(fold);
}

int hs_train_run(const hs_train_run_opts *o) {
    const double t0 = now_s();
    hs_dataset d;
    hs_status st = hs_dataset_scan(o->dirs, o->ndirs, &d);
    if (st != HS_OK) {
        fprintf(stderr, "heartsound: train: %s (%s)\n", hs_dataset_error(), hs_status_string(st));
        return 2;
    }
    shrink_dataset(&d, o->max_records, o->cfg.seed);
    if (d.n < 10) { fprintf(stderr, "heartsound: train: only %d records\n", d.n); hs_dataset_free(&d); return 2; }
    char dir[1024];
    if (o->report_dir) snprintf(dir, sizeof dir, "%s", o->report_dir);
    else snprintf(dir, sizeof dir, "reports/%s-seed%llu", o->loso ? "loso" : o->folds ? "kfold" : "final",
                  (unsigned long long)o->cfg.seed);
    /* one BLAS thread: CV folds run in parallel already, and OpenBLAS's threaded sgemm gave different
     * bits than its serial one (measured: models trained with --threads 1 / 2 differed) */
    hs_gemm_set_threads(1);
    fprintf(stderr, "train: conv GEMM backend %s\n", hs_gemm_backend());
    if (mkdirs(dir) != 0) { fprintf(stderr, "heartsound: %s: cannot create report dir\n", dir); hs_dataset_free(&d); return 2; }
    hs_preproc_params pp = hs_preproc_default();
    if (o->bandpass_hi_hz > 0) pp.bandpass_hi_hz = o->bandpass_hi_hz;
    hs_melspec_params mp = hs_melspec_default_pcg();
    hs_feature_cache fc;
    st = hs_feature_cache_build(&d, &pp, &mp, HS_NORM_RECORDING, &fc);
    if (st != HS_OK) { hs_dataset_free(&d); return 2; }
    fprintf(stderr, "features: %.1f s\n", now_s() - t0);
    int rc = 0;
    float cv_thr = NAN;
    if (o->folds > 1 || o->loso) rc = cross_validate(o, &d, &fc, dir, &cv_thr);
    if (rc == 0 && o->out) rc = train_final(o, &d, &fc, dir, cv_thr);
    fprintf(stderr, "train: total %.0f s\n", now_s() - t0);
    hs_feature_cache_free(&fc);
    hs_dataset_free(&d);
    return rc;
}
