/* "cnn-int8" backend: the quantised CNN (cnn_q8_io.h) on XNNPACK, or on the plain-C int8 reference when this
 * build has no XNNPACK (cnn_q8_infer.h). Same front end and windows as the float "cnn" backend. */
#include "model/backend.h"
#include "model/cnn/cnn_q8_infer.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct cnn_q8_state {
    hs_cnn_q8_model model;
    hs_cnn_q8_runtime *rt; /* borrows model */
    char name[96];
} cnn_q8_state;

static void cnn_q8_destroy(void *s) {
    cnn_q8_state *c = s;
    if (!c) return;
    hs_cnn_q8_runtime_destroy(c->rt);
    hs_cnn_q8_model_free(&c->model);
    free(c);
}

static hs_status cnn_q8_create(const hs_hsm *h, const hs_classifier_options *opt, void **state) {
    (void)opt;
    cnn_q8_state *c = calloc(1, sizeof *c);
    if (!c) return HS_ERR_NOMEM;
    hs_status st = hs_cnn_q8_model_read(h, &c->model);
    if (st == HS_OK) c->rt = hs_cnn_q8_runtime_create(&c->model, HS_Q8_AUTO, &st);
    if (st != HS_OK) { cnn_q8_destroy(c); return st; }
    snprintf(c->name, sizeof c->name, "%s (int8, %s)", c->model.base.name, hs_cnn_q8_runtime_backend(c->rt));
    *state = c;
    return HS_OK;
}

static hs_status cnn_q8_classify(void *s, const hs_audio *audio, hs_result *out) {
    return hs_cnn_q8_runtime_classify(((cnn_q8_state *)s)->rt, audio, out);
}

static const char *cnn_q8_name(const void *s) { return ((const cnn_q8_state *)s)->name; }

static const hs_melspec_params *cnn_q8_melspec(const void *s) {
    return &((const cnn_q8_state *)s)->model.base.melspec;
}

const hs_backend hs_backend_cnn_q8 = {"cnn-int8", cnn_q8_create, cnn_q8_classify, cnn_q8_name, cnn_q8_melspec,
                                      cnn_q8_destroy};
