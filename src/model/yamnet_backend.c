/* "yamnet-head" backend: audio -> YAMNet embeddings per 0.48 s patch (yamnet_embed.h) -> head p per patch ->
 * record p = mean. The backbone comes from the same file when it is a combined one (`heartsound
 * convert-yamnet IN.tflite OUT.hsm --head HEAD.hsm`, what the web page loads), else natively from
 * $HEARTSOUND_YAMNET (a .tflite or converted .hsm), else $HEARTSOUND_WEIGHTS/yamnet/yamnet-int8-fixed15600.tflite,
 * else ../shared/weights/yamnet/yamnet-int8-fixed15600.tflite, else models/yamnet.hsm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/backend.h"
#include "model/file_bytes.h"
#include "model/yamnet_embed.h"
#include "model/yamnet_head.h"

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

#ifndef __EMSCRIPTEN__
static hs_status backbone_from_files(hs_yamnet **out) {
    char paths[4][1024];
    int n = 0;
    const char *env = getenv("HEARTSOUND_YAMNET"), *wd = getenv("HEARTSOUND_WEIGHTS");
    if (env && *env) snprintf(paths[n++], sizeof paths[0], "%s", env);
    if (wd && *wd) snprintf(paths[n++], sizeof paths[0], "%s/yamnet/yamnet-int8-fixed15600.tflite", wd);
    snprintf(paths[n++], sizeof paths[0], "../shared/weights/yamnet/yamnet-int8-fixed15600.tflite");
    snprintf(paths[n++], sizeof paths[0], "models/yamnet.hsm");
    hs_status st = HS_ERR_IO;
    for (int i = 0; i < n; i++) {
        uint8_t *bytes, *hsm;
        size_t len, hl;
        if ((st = hs_read_file_bytes(paths[i], &bytes, &len)) != HS_OK) {
            if (i == 0 && env && *env) break; /* an explicit path that fails is an error, not a fallback */
            continue;
        }
        st = hs_yamnet_load_any(bytes, len, &hsm, &hl);
        free(bytes);
        if (st != HS_OK) break;
        hs_hsm h;
        if ((st = hs_hsm_parse(hsm, hl, 0, &h)) == HS_OK) { st = hs_yamnet_create(&h, out); hs_hsm_free(&h); }
        free(hsm);
        break;
    }
    return st;
}
#endif

static hs_status yh_create(const hs_hsm *h, void **state) {
    yh_state *y = calloc(1, sizeof *y);
    if (!y) return HS_ERR_NOMEM;
    hs_status st = hs_yamnet_head_read(h, &y->head);
    if (st == HS_OK) {
        if (hs_yamnet_present(h)) st = hs_yamnet_create(h, &y->backbone);
#ifndef __EMSCRIPTEN__
        else st = backbone_from_files(&y->backbone);
#else
        else st = HS_ERR_UNSUPPORTED; /* the page loads a combined file */
#endif
    }
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
