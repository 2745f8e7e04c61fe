/* "yamnet-head" backend: audio -> YAMNet embeddings per 0.48 s patch (yamnet_embed.h) -> head p per patch ->
 * record p = mean. The backbone comes from the same file when it is a combined one (`heartsound
 * convert-yamnet IN.tflite OUT.hsm --head HEAD.hsm`, what the web page loads), else from the caller's
 * hs_classifier_options.backbone (the CLI finds and converts Google's file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/backend.h"
#include "model/yamnet/yamnet_embed.h"
#include "model/yamnet/yamnet_head.h"

typedef struct yh_state {
    hs_yamnet_head head;
    hs_yamnet *backbone;
    hs_yamnet_embedder *emb;
    hs_melspec_params mel;
    float *scratch;
    char name[96];
} yh_state;

static void yh_destroy(void *s) {
    yh_state *y = s;
    if (!y) return;
    hs_yamnet_embedder_destroy(y->emb);
    hs_yamnet_destroy(y->backbone);
    hs_yamnet_head_free(&y->head);
    free(y->scratch);
    free(y);
}

/* The backbone: the model file's own (a combined file), else the one the caller passed. */
static hs_status backbone_create(const hs_hsm *h, const hs_classifier_options *opt, hs_yamnet **out) {
    if (hs_yamnet_present(h)) return hs_yamnet_create(h, opt->yamnet_engine, out);
    if (!opt->backbone) return HS_ERR_MODEL_FORMAT; /* a head alone classifies nothing */
    hs_hsm bh;
    hs_status st = hs_hsm_parse(opt->backbone, opt->backbone_len, 0, &bh);
    if (st != HS_OK) return st;
    st = hs_yamnet_present(&bh) ? hs_yamnet_create(&bh, opt->yamnet_engine, out) : HS_ERR_MODEL_FORMAT;
    hs_hsm_free(&bh);
    return st;
}

static hs_status yh_create(const hs_hsm *h, const hs_classifier_options *opt, void **state) {
    yh_state *y = calloc(1, sizeof *y);
    if (!y) return HS_ERR_NOMEM;
    hs_status st = hs_yamnet_head_read(h, &y->head);
    if (st == HS_OK) st = backbone_create(h, opt, &y->backbone);
    if (st == HS_OK) y->emb = hs_yamnet_embedder_create(y->backbone, &st);
    if (st == HS_OK) hs_yamnet_embedder_set_whiten(y->emb, y->head.whiten);
    if (st == HS_OK && !(y->scratch = malloc(hs_yamnet_head_scratch_floats(&y->head) * sizeof(float)))) st = HS_ERR_NOMEM;
    if (st != HS_OK) { yh_destroy(y); return st; }
    y->mel = hs_yamnet_melspec_params();
    snprintf(y->name, sizeof y->name, "%s (yamnet backbone, %s)", y->head.name, hs_yamnet_engine(y->backbone));
    *state = y;
    return HS_OK;
}

static hs_status yh_classify(void *s, const hs_audio *audio, hs_result *out) {
    yh_state *y = s;
    float *emb = NULL;
    double *t0 = NULL;
    size_t n = 0;
    hs_status st = hs_yamnet_embed_audio(y->emb, audio, y->head.stride, 0, &emb, &t0, &n);
    if (st != HS_OK) return st;
    out->windows = calloc(n, sizeof *out->windows);
    if (!out->windows) { free(emb); free(t0); return HS_ERR_NOMEM; }
    double sum = 0, dur = (double)audio->n / audio->sample_rate;
    for (size_t i = 0; i < n; i++) {
        float p = hs_yamnet_head_p(&y->head, emb + i * HS_YAMNET_EMBED, y->scratch);
        hs_window_score *w = &out->windows[i];
        w->t0 = t0[i] < dur ? t0[i] : dur;
        w->t1 = t0[i] + 0.96 < dur ? t0[i] + 0.96 : dur;
        w->p = p;
        sum += p;
    }
    free(emb);
    free(t0);
    out->n_windows = n;
    out->p_abnormal = (float)(sum / (double)n);
    out->threshold = y->head.threshold;
    out->abnormal = out->p_abnormal >= out->threshold;
    return HS_OK;
}

static const char *yh_name(const void *s) { return ((const yh_state *)s)->name; }
static const hs_melspec_params *yh_melspec(const void *s) { return &((const yh_state *)s)->mel; }

const hs_backend hs_backend_yamnet_head = {"yamnet-head", yh_create, yh_classify, yh_name, yh_melspec, yh_destroy};
