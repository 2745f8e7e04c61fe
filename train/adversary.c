/* Domain-adversarial subset head with a gradient-reversal layer (see adversary.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "adversary.h"
#include "backward.h"

int hs_adversary_init(hs_adversary *a, int emb, int hidden, int n_subsets, int cond, int max_batch, hs_rng *rng) {
    memset(a, 0, sizeof *a);
    if (emb < 1 || hidden < 1 || n_subsets < 2 || max_batch < 1) return -1;
    a->n_subsets = n_subsets; a->cond = cond ? 1 : 0; a->emb = emb;
    hs_net *n = &a->net;
    n->in_h = 1; n->in_w = 1; n->in_c = emb; n->n_layers = 3;
    n->layers = calloc(3, sizeof *n->layers);
    if (!n->layers) return -1;
    n->layers[0].kind = HS_LAYER_DENSE; n->layers[0].units = hidden;
    n->layers[1].kind = HS_LAYER_RELU;
    n->layers[2].kind = HS_LAYER_DENSE; n->layers[2].units = n_subsets * (a->cond ? 2 : 1);
    a->prob = malloc((size_t)max_batch * n_subsets * sizeof(float));
    if (!a->prob || hs_net_shapes(n) != 0 || hs_net_alloc_params(n) != 0 || hs_trainer_net_init(&a->t, n, max_batch) != 0)
        return -1;
    hs_net_init_he(n, rng);
    return 0;
}

void hs_adversary_free(hs_adversary *a) {
    hs_trainer_net_free(&a->t);
    hs_net_free(&a->net);
    free(a->prob);
    memset(a, 0, sizeof *a);
}

float hs_adversary_step(hs_adversary *a, const float *emb, float *demb, int N) {
    hs_trainer_net *t = &a->t;
    hs_layer *L = a->net.layers;
    const int K = a->n_subsets, O = L[2].units, Hd = L[0].units;
    memcpy(t->act[0], emb, (size_t)N * a->emb * sizeof(float));
    for (int i = 0; i < 3; i++) hs_layer_forward(&L[i], t->act[i], t->act[i + 1], N, t->scratch);
    for (int p = 0; p < t->n_params; p++) memset(t->grad[p], 0, t->size[p] * sizeof(float));
    memset(t->dact[0], 0, (size_t)N * a->emb * sizeof(float));
    memset(t->dact[1], 0, (size_t)N * Hd * sizeof(float));
    memset(t->dact[2], 0, (size_t)N * Hd * sizeof(float));
    memset(t->dact[3], 0, (size_t)N * O * sizeof(float));
    double loss = 0.0;
    for (int n = 0; n < N; n++) {
        /* the conditional head has one block of K logits per class; the label picks the block */
        const int off = a->cond && a->label[n] > 0.5f ? K : 0;
        const float *z = t->act[3] + (size_t)n * O + off;
        float *dz = t->dact[3] + (size_t)n * O + off, *p = a->prob + (size_t)n * K;
        float zmax = z[0];
        for (int k = 1; k < K; k++) if (z[k] > zmax) zmax = z[k];
        double s = 0.0;
        for (int k = 0; k < K; k++) s += exp((double)(z[k] - zmax));
        for (int k = 0; k < K; k++) p[k] = (float)(exp((double)(z[k] - zmax)) / s);
        const int y = a->subset[n];
        loss += -((double)(z[y] - zmax) - log(s));
        for (int k = 0; k < K; k++) dz[k] = (p[k] - (k == y ? 1.0f : 0.0f)) / (float)N;
    }
    hs_dense_backward(&L[2], t->act[2], t->dact[3], t->dact[2], t->grad[2], t->grad[3], N);
    hs_relu_backward(t->act[2], t->dact[2], t->dact[1], (size_t)N * Hd);
    hs_dense_backward(&L[0], t->act[0], t->dact[1], t->dact[0], t->grad[0], t->grad[1], N);
    /* the gradient-reversal layer: the CNN climbs the adversary's loss */
    if (demb)
        for (size_t i = 0; i < (size_t)N * a->emb; i++) demb[i] -= a->lambda * t->dact[0][i];
    a->last_loss = (float)(loss / N);
    return a->last_loss;
}

void hs_adversary_hook(void *ctx, const float *emb, float *demb, int N) {
    hs_adversary_step((hs_adversary *)ctx, emb, demb, N);
}

float hs_adversary_ramp(float lambda_max, float progress) {
    if (progress < 0) progress = 0;
    if (progress > 1) progress = 1;
    return lambda_max * (2.0f / (1.0f + expf(-10.0f * progress)) - 1.0f);
}
