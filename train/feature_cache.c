/* Feature cache: every recording through the inference front end once (see feature_cache.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "feature_cache.h"
#include "model/windowing.h"
#include "progress.h"

/* one record: wav -> preprocess -> log-mel -> normalise */
static hs_status one_record(const char *path, const hs_preproc_params *pp, hs_melspec *plan, int norm_mode,
                            float **x, size_t *frames) {
    hs_audio raw = {0}, pre = {0};
    hs_status st = hs_wav_read_file(path, &raw, NULL);
    if (st == HS_OK) st = hs_preprocess(&raw, pp, &pre);
    hs_audio_free(&raw);
    if (st != HS_OK) return st;
    const int mels = hs_melspec_params_of(plan)->n_mels;
    size_t nf = hs_melspec_frames(plan, pre.n);
    float *out = malloc((nf ? nf : 1) * (size_t)mels * sizeof(float));
    if (!out) { hs_audio_free(&pre); return HS_ERR_NOMEM; }
    st = hs_melspec_compute(plan, pre.samples, pre.n, out);
    hs_audio_free(&pre);
    if (st != HS_OK) { free(out); return st; }
    hs_logmel_normalize(out, nf, mels, norm_mode);
    *x = out;
    *frames = nf;
    return HS_OK;
}

hs_status hs_feature_cache_build(const hs_dataset *d, const hs_preproc_params *pp, const hs_melspec_params *mp,
                                 int norm_mode, hs_feature_cache *out) {
    memset(out, 0, sizeof *out);
    out->n = d->n;
    out->mels = mp->n_mels;
    out->x = calloc((size_t)d->n + 1, sizeof *out->x);
    out->frames = calloc((size_t)d->n + 1, sizeof *out->frames);
    if (!out->x || !out->frames) { hs_feature_cache_free(out); return HS_ERR_NOMEM; }
    hs_status first_err = HS_OK;
    int first_bad = -1;
    long done = 0;
    hs_progress *prog = hs_progress_start("features", d->n);
    #pragma omp parallel
    {
        hs_status pst = HS_OK;
        hs_melspec *plan = NULL;
        pst = hs_melspec_create(mp, &plan);
        #pragma omp for schedule(dynamic, 8)
        for (int i = 0; i < d->n; i++) {
            hs_status st = plan ? one_record(d->rec[i].path, pp, plan, norm_mode, &out->x[i], &out->frames[i]) : pst;
            #pragma omp critical
            {
                if (st != HS_OK && (first_bad < 0 || i < first_bad)) { first_bad = i; first_err = st; }
                hs_progress_update(prog, ++done, NULL);
            }
        }
        hs_melspec_destroy(plan);
    }
    if (first_err != HS_OK) {
        hs_progress_end(prog, "failed");
        fprintf(stderr, "heartsound: %s: %s\n", d->rec[first_bad].path, hs_status_string(first_err));
        hs_feature_cache_free(out);
        return first_err;
    }
    size_t total = 0;
    for (int i = 0; i < d->n; i++) total += out->frames[i];
    hs_progress_end(prog, "%d records, %.1f h, %.0f MB", d->n, total / 50.0 / 3600.0,
                    total * (double)out->mels * sizeof(float) / 1e6);
    return HS_OK;
}

void hs_feature_cache_free(hs_feature_cache *c) {
    if (!c) return;
    for (int i = 0; c->x && i < c->n; i++) free(c->x[i]);
    free(c->x);
    free(c->frames);
    memset(c, 0, sizeof *c);
}
