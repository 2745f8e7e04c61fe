/* "cnn" backend: the float CNN (cnn_io.h) run by the plain-C record path (cnn_infer.h). */
#include "model/backend.h"
#include "model/cnn/cnn_infer.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct cnn_state {
    hs_cnn_model model;
    hs_cnn_runtime *rt; /* borrows model */
    char name[96];
} cnn_state;

static void cnn_destroy(void *s) {
    cnn_state *c = s;
    if (!c) return;
    hs_cnn_runtime_destroy(c->rt);
    hs_cnn_model_free(&c->model);
    free(c);
}

static hs_status cnn_create(const hs_hsm *h, const hs_classifier_options *opt, void **state) {
    (void)opt;
    cnn_state *c = calloc(1, sizeof *c);
    if (!c) return HS_ERR_NOMEM;
    hs_status st = hs_cnn_model_read(h, &c->model);
    if (st == HS_OK) c->rt = hs_cnn_runtime_create(&c->model, &st);
    if (st != HS_OK) { cnn_destroy(c); return st; }
    snprintf(c->name, sizeof c->name, "%s (float)", c->model.name);
    *state = c;
    return HS_OK;
}

static hs_status cnn_classify(void *s, const hs_audio *audio, hs_result *out) {
    return hs_cnn_runtime_classify(((cnn_state *)s)->rt, audio, out);
}

static const char *cnn_name(const void *s) { return ((const cnn_state *)s)->name; }

static const hs_melspec_params *cnn_melspec(const void *s) { return &((const cnn_state *)s)->model.melspec; }

const hs_backend hs_backend_cnn = {"cnn", cnn_create, cnn_classify, cnn_name, cnn_melspec, cnn_destroy};
