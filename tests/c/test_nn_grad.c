/* Finite-difference check of every layer's backward pass (input and parameter gradients), of the
 * loss, and of a whole training step: analytic gradients from train/backward.c against central
 * differences of the forward passes (losses summed in double), on small random shapes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "backward.h"
#include "net_train.h"
#include "testutil.h"

#define H 1e-2f       /* finite-difference step */
#define RTOL 2e-2     /* relative error allowed ... */
#define ATOL 2e-3     /* ... plus this absolute slack (float forward passes) */

typedef struct check_ctx {
    hs_layer *L;
    float *x, *out, *r, *scratch, *mask, *save;
    int N;
    hs_rng rng;
} check_ctx;

/* the layer arrays here live on the stack: free only the parameters (hs_net_free frees the array too) */
static void free_params(hs_net *net) {
    for (int i = 0; i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        free(L->w); free(L->b); free(L->gamma); free(L->beta); free(L->mean); free(L->var);
    }
}

static void randn(float *x, size_t n, hs_rng *rng, float scale) {
    for (size_t i = 0; i < n; i++) x[i] = scale * hs_rng_normal(rng);
}

/* keep values away from relu's kink and from max-pool ties so the difference quotient is smooth */
static void away_from_zero(float *x, size_t n) {
    for (size_t i = 0; i < n; i++) if (fabsf(x[i]) < 0.1f) x[i] = x[i] < 0 ? -0.1f - 0.01f * i : 0.1f + 0.01f * i;
}

static size_t in_n(const check_ctx *c) { return (size_t)c->N * c->L->in_h * c->L->in_w * c->L->in_c; }
static size_t out_n(const check_ctx *c) { return (size_t)c->N * c->L->out_h * c->L->out_w * c->L->out_c; }

/* scalar loss = sum r * layer(x), in training mode where it differs */
static double loss_of(check_ctx *c) {
    hs_layer *L = c->L;
    switch (L->kind) {
    case HS_LAYER_BATCHNORM: hs_batchnorm_forward_train(L, c->x, c->out, c->N, 0.1f, c->save, c->save + L->in_c); break;
    case HS_LAYER_DROPOUT: {
        hs_rng r = c->rng; /* same mask every time */
        hs_dropout_forward_train(L->rate, c->x, c->out, c->mask, in_n(c), &r);
        break;
    }
    default: hs_layer_forward(L, c->x, c->out, c->N, c->scratch);
    }
    double s = 0;
    for (size_t i = 0; i < out_n(c); i++) s += (double)c->r[i] * c->out[i];
    return s;
}

static int compare(const char *what, const float *analytic, float *var, size_t n, check_ctx *c) {
    int bad = 0;
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        float keep = var[i];
        var[i] = keep + H; double lp = loss_of(c);
        var[i] = keep - H; double lm = loss_of(c);
        var[i] = keep;
        double num = (lp - lm) / (2.0 * H), a = analytic[i];
        double err = fabs(num - a), tol = RTOL * fmax(fabs(num), fabs(a)) + ATOL;
        if (err > tol) {
            if (bad < 3) fprintf(stderr, "  %s[%zu]: analytic %.6f numeric %.6f\n", what, i, a, num);
            bad++;
        }
        if (err > worst) worst = err;
    }
    loss_of(c); /* restore the forward state (dropout mask, batch-norm statistics) */
    CHECK_MSG(bad == 0, "%s: %d of %zu gradients off (worst abs err %.2g)", what, bad, n, worst);
    return bad;
}

static void check_layer(const char *name, hs_layer L, int N, int h, int w, int ch) {
    hs_layer layers[1] = {L};
    hs_net net = {h, w, ch, 1, layers};
    CHECK_MSG(hs_net_alloc_params(&net) == 0, "%s: shapes", name);
    hs_layer *Ly = &layers[0];
    check_ctx c = {0};
    c.L = Ly; c.N = N;
    hs_rng_seed(&c.rng, 7);
    hs_rng rng; hs_rng_seed(&rng, 42);
    size_t ni = in_n(&c), no = out_n(&c);
    c.x = malloc(ni * sizeof(float)); c.out = malloc(no * sizeof(float)); c.r = malloc(no * sizeof(float));
    c.mask = malloc(ni * sizeof(float)); c.save = malloc(2 * (size_t)ch * sizeof(float));
    size_t ss = Ly->kind == HS_LAYER_CONV2D ? hs_conv2d_backward_scratch_floats(Ly, N) + hs_conv2d_scratch_floats(Ly) : 1;
    c.scratch = malloc(ss * sizeof(float));
    float *din = calloc(ni, sizeof(float));
    randn(c.x, ni, &rng, 1.0f);
    away_from_zero(c.x, ni);
    if (Ly->kind == HS_LAYER_MAXPOOL) /* distinct values >= 0.05 apart: no window changes its maximum */
        for (size_t i = 0; i < ni; i++) c.x[i] = 0.05f * (float)((i * 37) % ni) - 1.0f;
    randn(c.r, no, &rng, 1.0f);
    size_t nw = hs_layer_weight_count(Ly), nb = hs_layer_bias_count(Ly);
    /* batch norm: dgamma / dbeta (C each) go into dw / db */
    float *dw = calloc(nw + nb + 1, sizeof(float)), *db = calloc(nb + 1, sizeof(float));
    if (Ly->w) randn(Ly->w, nw, &rng, 0.5f);
    if (Ly->b) randn(Ly->b, nb, &rng, 0.5f);
    if (Ly->gamma) { randn(Ly->gamma, nb, &rng, 0.5f); randn(Ly->beta, nb, &rng, 0.5f); }

    loss_of(&c);
    switch (Ly->kind) {
    case HS_LAYER_CONV2D: hs_conv2d_backward(Ly, c.x, c.r, din, dw, db, N, c.scratch); break;
    case HS_LAYER_BATCHNORM: hs_batchnorm_backward(Ly, c.x, c.r, din, dw, db, N, c.save, c.save + ch); break;
    case HS_LAYER_RELU: hs_relu_backward(c.out, c.r, din, ni); break;
    case HS_LAYER_MAXPOOL: hs_maxpool_backward(Ly, c.x, c.r, din, N); break;
    case HS_LAYER_AVGPOOL: hs_avgpool_backward(Ly, c.r, din, N); break;
    case HS_LAYER_GLOBAL_AVGPOOL: hs_global_avgpool_backward(Ly, c.r, din, N); break;
    case HS_LAYER_DENSE: hs_dense_backward(Ly, c.x, c.r, din, dw, db, N); break;
    case HS_LAYER_DROPOUT: hs_dropout_backward(c.mask, c.r, din, ni); break;
    case HS_LAYER_SIGMOID: hs_sigmoid_backward(c.out, c.r, din, ni); break;
    }
    char what[64];
    snprintf(what, sizeof what, "%s d/dx", name);
    compare(what, din, c.x, ni, &c);
    if (Ly->w) { snprintf(what, sizeof what, "%s d/dw", name); compare(what, dw, Ly->w, nw, &c); }
    if (Ly->b) { snprintf(what, sizeof what, "%s d/db", name); compare(what, db, Ly->b, nb, &c); }
    if (Ly->gamma) {
        snprintf(what, sizeof what, "%s d/dgamma", name); compare(what, dw, Ly->gamma, nb, &c);
        snprintf(what, sizeof what, "%s d/dbeta", name); compare(what, db, Ly->beta, nb, &c);
    }
    /* a backward that only accumulates: calling it a second time doubles the gradient */
    if (Ly->kind == HS_LAYER_CONV2D) {
        float before = dw[0];
        hs_conv2d_backward(Ly, c.x, c.r, din, dw, db, N, c.scratch);
        CHECK_MSG(fabsf(dw[0] - 2 * before) <= 1e-4f * fabsf(before) + 1e-6f, "conv grads accumulate");
    }
    free(c.x); free(c.out); free(c.r); free(c.mask); free(c.save); free(c.scratch); free(din); free(dw); free(db);
    free_params(&net);
}

static void check_loss(void) {
    float z[6] = {-30.0f, -2.0f, -0.1f, 0.3f, 4.0f, 25.0f}, y[6] = {0, 1, 0, 1, 0, 1}, w[6] = {1, 3, 1, 3, 1, 3};
    float dz[6] = {0};
    float l = hs_bce_logits(z, y, w, 6, dz);
    CHECK(isfinite(l) && l > 0);
    for (int i = 0; i < 6; i++) {
        float keep = z[i];
        z[i] = keep + 1e-2f; double lp = hs_bce_logits(z, y, w, 6, NULL);
        z[i] = keep - 1e-2f; double lm = hs_bce_logits(z, y, w, 6, NULL);
        z[i] = keep;
        double num = (lp - lm) / 2e-2;
        CHECK_MSG(fabs(num - dz[i]) <= 1e-2 * fabs(num) + 1e-4, "loss d/dz[%d]: %g vs %g", i, dz[i], num);
    }
    /* very confident and right -> ~0 loss; confident and wrong -> large finite loss */
    float zz[2] = {40.0f, -40.0f}, yy[2] = {1, 0};
    CHECK(hs_bce_logits(zz, yy, NULL, 2, NULL) < 1e-6f);
    float yw[2] = {0, 1};
    float big = hs_bce_logits(zz, yw, NULL, 2, NULL);
    CHECK(isfinite(big) && fabsf(big - 40.0f) < 1e-3f);
}

/* whole net: training step gradients vs finite differences of the same step's loss */
static void check_net(void) {
    hs_layer layers[] = {
        {.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 8},
        {.kind = HS_LAYER_BATCHNORM, .eps = 1e-3f},
        {.kind = HS_LAYER_RELU},
        {.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2},
        {.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 4},
        {.kind = HS_LAYER_GLOBAL_AVGPOOL},
        {.kind = HS_LAYER_DROPOUT, .rate = 0.0f},
        {.kind = HS_LAYER_DENSE, .units = 1},
        {.kind = HS_LAYER_SIGMOID},
    };
    hs_net net = {8, 6, 1, (int)(sizeof layers / sizeof layers[0]), layers};
    CHECK(hs_net_alloc_params(&net) == 0);
    hs_rng rng; hs_rng_seed(&rng, 3);
    hs_net_init_he(&net, &rng);
    hs_trainer_net t;
    CHECK(hs_trainer_net_init(&t, &net, 4) == 0);
    float x[4 * 8 * 6], y[4] = {1, 0, 1, 0};
    randn(x, sizeof x / sizeof x[0], &rng, 1.0f);
    hs_trainer_net_step(&t, x, y, NULL, 4, 0.1f, &rng);
    int bad = 0, total = 0;
    for (int p = 0; p < t.n_params; p++) {
        float *g = malloc(t.size[p] * sizeof(float));
        memcpy(g, t.grad[p], t.size[p] * sizeof(float));
        for (size_t j = 0; j < t.size[p]; j += 3, total++) {
            float keep = t.param[p][j];
            /* small step: relu kinks and max-pool switches sit everywhere in a whole net */
            t.param[p][j] = keep + 1e-3f; double lp = hs_trainer_net_step(&t, x, y, NULL, 4, 0.1f, &rng);
            t.param[p][j] = keep - 1e-3f; double lm = hs_trainer_net_step(&t, x, y, NULL, 4, 0.1f, &rng);
            t.param[p][j] = keep;
            double num = (lp - lm) / 2e-3;
            if (fabs(num - g[j]) > 3e-2 * fmax(fabs(num), fabs(g[j])) + 1e-3) {
                if (bad < 3) fprintf(stderr, "  net param %d[%zu]: %g vs %g\n", p, j, g[j], num);
                bad++;
            }
        }
        free(g);
    }
    CHECK_MSG(bad == 0, "whole net: %d of %d parameter gradients off", bad, total);
    /* a few AdamW steps on one batch lower its loss */
    float l0 = hs_trainer_net_step(&t, x, y, NULL, 4, 0.1f, &rng), l = l0;
    for (int s = 0; s < 30; s++) { hs_trainer_net_adamw(&t, 1e-2f, 1e-3f); l = hs_trainer_net_step(&t, x, y, NULL, 4, 0.1f, &rng); }
    CHECK_MSG(l < 0.5f * l0, "AdamW overfits one batch: loss %g -> %g", l0, l);
    hs_trainer_net_free(&t);
    free_params(&net);
}

int main(void) {
    check_layer("conv3x3", (hs_layer){.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 8}, 2, 5, 4, 3);
    check_layer("conv2x3s2", (hs_layer){.kind = HS_LAYER_CONV2D, .kh = 2, .kw = 3, .sh = 2, .sw = 1, .ph = 0, .pw = 1, .units = 5}, 2, 6, 5, 2);
    check_layer("batchnorm", (hs_layer){.kind = HS_LAYER_BATCHNORM, .eps = 1e-3f}, 3, 3, 2, 4);
    check_layer("relu", (hs_layer){.kind = HS_LAYER_RELU}, 2, 3, 3, 2);
    check_layer("maxpool", (hs_layer){.kind = HS_LAYER_MAXPOOL, .kh = 2, .kw = 2, .sh = 2, .sw = 2}, 2, 5, 4, 3);
    check_layer("avgpool", (hs_layer){.kind = HS_LAYER_AVGPOOL, .kh = 2, .kw = 3, .sh = 2, .sw = 1}, 2, 4, 5, 2);
    check_layer("gap", (hs_layer){.kind = HS_LAYER_GLOBAL_AVGPOOL}, 2, 3, 4, 3);
    check_layer("dense", (hs_layer){.kind = HS_LAYER_DENSE, .units = 3}, 3, 2, 2, 3);
    check_layer("dropout", (hs_layer){.kind = HS_LAYER_DROPOUT, .rate = 0.4f}, 2, 3, 3, 2);
    check_layer("sigmoid", (hs_layer){.kind = HS_LAYER_SIGMOID}, 2, 2, 3, 2);
    check_loss();
    check_net();
    return hs_test_finish("test_nn_grad");
}
