#include "model/yamnet/yamnet_embed.h"
#include <stdlib.h>
#include <string.h>

struct hs_yamnet_embedder {
    hs_yamnet *y;
    hs_melspec *mel;
    int whiten;
};

void hs_yamnet_embedder_set_whiten(hs_yamnet_embedder *e, int on) { if (e) e->whiten = on != 0; }

/* See hs_yamnet_embedder_set_whiten. Band means over every frame of every patch. */
static void whiten(float *patches, size_t np) {
    const size_t rows = np * HS_YAMNET_PATCH_FRAMES;
    double mean[HS_YAMNET_MELS] = {0}, all = 0;
    for (size_t r = 0; r < rows; r++)
        for (int b = 0; b < HS_YAMNET_MELS; b++) mean[b] += patches[r * HS_YAMNET_MELS + b];
    for (int b = 0; b < HS_YAMNET_MELS; b++) { mean[b] /= (double)rows; all += mean[b] / HS_YAMNET_MELS; }
    for (size_t r = 0; r < rows; r++)
        for (int b = 0; b < HS_YAMNET_MELS; b++) patches[r * HS_YAMNET_MELS + b] += (float)(all - mean[b]);
}

hs_yamnet_embedder *hs_yamnet_embedder_create(hs_yamnet *backbone, hs_status *st) {
    hs_status s = HS_OK;
    hs_yamnet_embedder *e = backbone ? calloc(1, sizeof *e) : NULL;
    if (!backbone) s = HS_ERR_ARG;
    else if (!e) s = HS_ERR_NOMEM;
    else {
        hs_melspec_params p = hs_yamnet_melspec_params();
        e->y = backbone;
        s = hs_melspec_create(&p, &e->mel);
        if (!e->mel) { free(e); e = NULL; }
    }
    if (st) *st = s;
    return e;
}

void hs_yamnet_embedder_destroy(hs_yamnet_embedder *e) {
    if (!e) return;
    hs_melspec_destroy(e->mel);
    free(e);
}

hs_status hs_yamnet_embed_audio(hs_yamnet_embedder *e, const hs_audio *a, int stride, int max_patches,
                                float **emb, double **start_s, size_t *count) {
    if (!e || !a || !emb || !count || stride < 1 || max_patches < 0) return HS_ERR_ARG;
    *emb = NULL;
    *count = 0;
    if (start_s) *start_s = NULL;
    hs_preproc_params pp = {HS_YAMNET_RATE, 0.f, 0.f, 0, 1}; /* resample + unit RMS; no band-pass */
    hs_audio x = {0};
    hs_status st = hs_preprocess(a, &pp, &x);
    if (st != HS_OK) return st;
    for (size_t i = 0; i < x.n; i++) x.samples[i] *= HS_YAMNET_LEVEL_RMS;
    float *patches = NULL;
    size_t np = 0;
    st = hs_yamnet_patches(e->mel, x.samples, x.n, &patches, &np);
    hs_audio_free(&x);
    if (st != HS_OK) return st;
    if (e->whiten) whiten(patches, np);
    size_t kept = (np + (size_t)stride - 1) / (size_t)stride;
    size_t n = max_patches && kept > (size_t)max_patches ? (size_t)max_patches : kept;
    float *out = malloc(n * HS_YAMNET_EMBED * sizeof(float));
    double *t = malloc(n * sizeof(double));
    if (!out || !t) st = HS_ERR_NOMEM;
    const size_t patch = (size_t)HS_YAMNET_PATCH_FRAMES * HS_YAMNET_MELS;
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        /* i-th of n evenly spread among the kept patches (all of them when n == kept) */
        size_t k = n == kept ? i : (n > 1 ? i * (kept - 1) / (n - 1) : 0);
        size_t p = k * (size_t)stride;
        t[i] = (double)p * HS_YAMNET_PATCH_HOP * 0.010;
        st = hs_yamnet_run(e->y, patches + p * patch, out + i * HS_YAMNET_EMBED, NULL);
    }
    free(patches);
    if (st != HS_OK) { free(out); free(t); return st; }
    *emb = out;
    *count = n;
    if (start_s) *start_s = t;
    else free(t);
    return HS_OK;
}
