/* The classifier API of heartsound.h: load a model file, pick its backend by "model.kind", check the audio,
 * classify. Model kinds and their runtimes live in src/model/ (backend.h). */
#include "heartsound.h"
#include "model/backend.h"
#include "model/file_bytes.h"
#include "model/hsm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Recordings shorter than this are refused: a heart cycle is ~0.6-1 s, and under 2 s a window holds too few
 * beats for a meaningful verdict (PhysioNet 2016 recordings are >= 5 s). A model may override it with the
 * metadata key "model.min_seconds". */
#define HS_DEFAULT_MIN_SECONDS 2.0f

struct hs_classifier {
    const hs_backend *be;
    void *state;
    float min_seconds;
    float threshold;
};

hs_status hs_classifier_create(const hs_classifier_options *opt, hs_classifier **out) {
    if (!out) return HS_ERR_ARG;
    *out = NULL;
    if (!opt || (!opt->model && opt->model_len) || (!opt->backbone && opt->backbone_len)) return HS_ERR_ARG;
    hs_hsm h;
    hs_status st = hs_hsm_parse(opt->model, opt->model_len, 0, &h);
    if (st != HS_OK) return st;
    hs_classifier *c = calloc(1, sizeof *c);
    const char *kind = hs_hsm_meta_get(&h, "model.kind");
    if (!c) st = HS_ERR_NOMEM;
    else if (!kind) st = HS_ERR_MODEL_FORMAT;
    else if (!(c->be = hs_backend_find(kind))) st = HS_ERR_UNSUPPORTED; /* a kind this build lacks */
    if (st == HS_OK) {
        c->min_seconds = HS_DEFAULT_MIN_SECONDS;
        if (hs_hsm_meta_get(&h, "model.min_seconds") &&
            (hs_hsm_meta_float(&h, "model.min_seconds", &c->min_seconds) != HS_OK || c->min_seconds < 0.0f ||
             c->min_seconds > 600.0f))
            st = HS_ERR_MODEL_FORMAT;
        c->threshold = NAN;
        if (st == HS_OK && hs_hsm_meta_get(&h, "model.threshold") &&
            hs_hsm_meta_float(&h, "model.threshold", &c->threshold) != HS_OK)
            st = HS_ERR_MODEL_FORMAT;
    }
    if (st == HS_OK) st = c->be->create(&h, opt, &c->state);
    hs_hsm_free(&h);
    if (st != HS_OK) { free(c); return st; }
    *out = c;
    return HS_OK;
}

hs_status hs_classifier_load_memory(const uint8_t *bytes, size_t len, hs_classifier **out) {
    hs_classifier_options opt = {.model = bytes, .model_len = len};
    return hs_classifier_create(&opt, out);
}

static hs_status load_any(const uint8_t *bytes, size_t len, void *out) {
    return hs_classifier_load_memory(bytes, len, out);
}

hs_status hs_classifier_load_file(const char *path, hs_classifier **out) {
    if (!out) return HS_ERR_ARG;
    *out = NULL;
    return path ? hs_load_file(path, load_any, out) : HS_ERR_ARG;
}

void hs_classifier_destroy(hs_classifier *c) {
    if (!c) return;
    c->be->destroy(c->state);
    free(c);
}

hs_status hs_classify(hs_classifier *c, const hs_audio *audio, hs_result *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!c || !audio || (!audio->samples && audio->n)) return HS_ERR_ARG;
    if (audio->n == 0) return HS_ERR_EMPTY;
    if (audio->sample_rate < HS_MIN_RATE || audio->sample_rate > HS_MAX_RATE) return HS_ERR_WAV_RATE;
    double seconds = (double)audio->n / audio->sample_rate;
    if (seconds > HS_MAX_SECONDS) return HS_ERR_WAV_TOO_LONG;
    if (seconds < c->min_seconds) return HS_ERR_TOO_SHORT;
    for (size_t i = 0; i < audio->n; i++) /* NaN/Inf would turn every window's p into NaN */
        if (!isfinite(audio->samples[i])) return HS_ERR_ARG;
    return c->be->classify(c->state, audio, out);
}

void hs_result_free(hs_result *r) {
    if (!r) return;
    free(r->windows);
    memset(r, 0, sizeof *r);
}

const char *hs_classifier_name(const hs_classifier *c) { return c ? c->be->name(c->state) : ""; }

float hs_classifier_min_seconds(const hs_classifier *c) { return c ? c->min_seconds : 0.0f; }

float hs_classifier_threshold(const hs_classifier *c) { return c ? c->threshold : NAN; }

const hs_melspec_params *hs_classifier_melspec(const hs_classifier *c) {
    return c ? c->be->melspec(c->state) : NULL;
}
