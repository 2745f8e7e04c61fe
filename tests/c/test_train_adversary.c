/* The domain-adversarial subset head (train/adversary.c): its parameter gradients and the reversed
 * embedding gradient against central finite differences of its cross-entropy, plain and class-
 * conditional; the ramp; and the gradient-reversal wiring inside a whole training step (the CNN's
 * gradients must be those of BCE - lambda * CE_adversary). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "adversary.h"
#include "net_train.h"
#include "testutil.h"

#define FD 1e-3f

static int close_enough(double analytic, double numeric) {
    return fabs(analytic - numeric) <= 2e-2 * fmax(fabs(analytic), fabs(numeric)) + 1e-3;
}

static void check_head(int cond) {
    enum { N = 5, EMB = 6, HID = 7, K = 3 };
    hs_rng rng; hs_rng_seed(&rng, 11 + cond);
    hs_adversary a;
    CHECK(hs_adversary_init(&a, EMB, HID, K, cond, N, &rng) == 0);
    float emb[N * EMB], demb[N * EMB], lab[N] = {0, 1, 1, 0, 1};
    int sub[N] = {0, 2, 1, 1, 2};
    for (int i = 0; i < N * EMB; i++) emb[i] = hs_rng_normal(&rng);
    a.subset = sub; a.label = lab; a.lambda = 0.7f;
    memset(demb, 0, sizeof demb);
    float loss = hs_adversary_step(&a, emb, demb, N);
    CHECK_MSG(loss > 0 && isfinite(loss), "cross-entropy %g", loss);
    /* the embedding's gradient is reversed and scaled: demb = -lambda dCE/demb */
    int bad = 0;
    for (int i = 0; i < N * EMB; i++) {
        float keep = emb[i];
        emb[i] = keep + FD; double lp = hs_adversary_step(&a, emb, NULL, N);
        emb[i] = keep - FD; double lm = hs_adversary_step(&a, emb, NULL, N);
        emb[i] = keep;
        double num = -0.7 * (lp - lm) / (2.0 * FD);
        if (!close_enough(demb[i], num)) { if (bad < 3) fprintf(stderr, "  demb[%d] %g vs %g\n", i, demb[i], num); bad++; }
    }
    CHECK_MSG(bad == 0, "cond %d: %d embedding gradients off", cond, bad);
    /* the head's own gradients descend its loss (no reversal) */
    hs_adversary_step(&a, emb, NULL, N);
    bad = 0;
    int total = 0;
    for (int p = 0; p < a.t.n_params; p++) {
        float *g = malloc(a.t.size[p] * sizeof(float));
        memcpy(g, a.t.grad[p], a.t.size[p] * sizeof(float));
        for (size_t j = 0; j < a.t.size[p]; j++, total++) {
            float keep = a.t.param[p][j];
            a.t.param[p][j] = keep + FD; double lp = hs_adversary_step(&a, emb, NULL, N);
            a.t.param[p][j] = keep - FD; double lm = hs_adversary_step(&a, emb, NULL, N);
            a.t.param[p][j] = keep;
            double num = (lp - lm) / (2.0 * FD);
            if (!close_enough(g[j], num)) { if (bad < 3) fprintf(stderr, "  param %d[%zu] %g vs %g\n", p, j, g[j], num); bad++; }
        }
        free(g);
    }
    CHECK_MSG(bad == 0, "cond %d: %d of %d head gradients off", cond, bad, total);
    /* trained alone (no reversal upstream), the head learns the subsets of a fixed batch */
    float l0 = hs_adversary_step(&a, emb, NULL, N), l = l0;
    for (int s = 0; s < 100; s++) { hs_trainer_net_adamw(&a.t, 1e-2f, 0.0f); l = hs_adversary_step(&a, emb, NULL, N); }
    CHECK_MSG(l < 0.3f * l0, "cond %d: head does not fit one batch: %g -> %g", cond, l0, l);
    /* softmax rows sum to one */
    for (int n = 0; n < N; n++) {
        float s = 0; for (int k = 0; k < K; k++) s += a.prob[n * K + k];
        CHECK(fabsf(s - 1.0f) < 1e-5f);
    }
    /* lambda 0: the CNN receives nothing */
    a.lambda = 0.0f;
    memset(demb, 0, sizeof demb);
    hs_adversary_step(&a, emb, demb, N);
    int nonzero = 0;
    for (int i = 0; i < N * EMB; i++) nonzero += demb[i] != 0.0f;
    CHECK(nonzero == 0);
    hs_adversary_free(&a);
}

static void check_ramp(void) {
    CHECK(hs_adversary_ramp(0.5f, 0.0f) == 0.0f);
    CHECK(fabsf(hs_adversary_ramp(0.5f, 1.0f) - 0.5f) < 1e-3f);
    float prev = -1;
    int mono = 1;
    for (int i = 0; i <= 20; i++) { float v = hs_adversary_ramp(1.0f, i / 20.0f); mono &= v > prev; prev = v; }
    CHECK(mono);
    CHECK(fabsf(hs_adversary_ramp(1.0f, 0.5f) - (2.0f / (1.0f + expf(-5.0f)) - 1.0f)) < 1e-6f);
}

static void free_params(hs_net *net) {
    for (int i = 0; i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        free(L->w); free(L->b); free(L->gamma); free(L->beta); free(L->mean); free(L->var);
    }
}

/* the hook inside a whole training step: CNN gradients = d(BCE - lambda CE_adv) */
static void check_reversal_in_step(void) {
    hs_layer layers[] = {
        {.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 6},
        {.kind = HS_LAYER_BATCHNORM, .eps = 1e-3f},
        {.kind = HS_LAYER_RELU},
        {.kind = HS_LAYER_CONV2D, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .ph = 1, .pw = 1, .units = 4},
        {.kind = HS_LAYER_GLOBAL_AVGPOOL},
        {.kind = HS_LAYER_DROPOUT, .rate = 0.0f},
        {.kind = HS_LAYER_DENSE, .units = 1},
        {.kind = HS_LAYER_SIGMOID},
    };
    enum { N = 4 };
    hs_net net = {6, 5, 1, (int)(sizeof layers / sizeof layers[0]), layers};
    CHECK(hs_net_alloc_params(&net) == 0);
    hs_rng rng; hs_rng_seed(&rng, 5);
    hs_net_init_he(&net, &rng);
    hs_trainer_net t;
    CHECK(hs_trainer_net_init(&t, &net, N) == 0);
    hs_adversary a;
    CHECK(hs_adversary_init(&a, 4, 5, 3, 0, N, &rng) == 0);
    float x[N * 6 * 5], y[N] = {1, 0, 1, 0};
    int sub[N] = {0, 1, 2, 1};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) x[i] = hs_rng_normal(&rng);
    const float lambda = 2.0f; /* large, so a missing or unreversed term cannot hide in the tolerance */
    a.subset = sub; a.label = y; a.lambda = lambda;
    t.embed_hook = hs_adversary_hook; t.embed_ctx = &a; t.embed_layer = 4;
    hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng);
    int bad = 0, total = 0;
    double adv_part = 0;
    for (int p = 0; p < t.n_params; p++) {
        float *g = malloc(t.size[p] * sizeof(float));
        memcpy(g, t.grad[p], t.size[p] * sizeof(float));
        for (size_t j = 0; j < t.size[p]; j += 2, total++) {
            float keep = t.param[p][j];
            t.param[p][j] = keep + FD;
            double bp = hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng), ap = a.last_loss;
            t.param[p][j] = keep - FD;
            double bm = hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng), am = a.last_loss;
            t.param[p][j] = keep;
            double num = ((bp - lambda * ap) - (bm - lambda * am)) / (2.0 * FD);
            adv_part += fabs((ap - am) / (2.0 * FD));
            if (fabs(num - g[j]) > 3e-2 * fmax(fabs(num), fabs(g[j])) + 2e-3) {
                if (bad < 3) fprintf(stderr, "  step param %d[%zu]: %g vs %g\n", p, j, g[j], num);
                bad++;
            }
        }
        free(g);
    }
    CHECK_MSG(bad == 0, "reversal in a step: %d of %d CNN gradients off", bad, total);
    CHECK_MSG(adv_part > 1e-2, "the adversary's loss hardly depends on the CNN (%g): the check would be vacuous", adv_part);
    /* the dense head after the pooled embedding gets no adversary gradient: the last two params match
     * a step without the hook */
    float *gd = malloc(t.size[t.n_params - 2] * sizeof(float));
    hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng);
    memcpy(gd, t.grad[t.n_params - 2], t.size[t.n_params - 2] * sizeof(float));
    t.embed_hook = NULL;
    hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng);
    CHECK(memcmp(gd, t.grad[t.n_params - 2], t.size[t.n_params - 2] * sizeof(float)) == 0);
    free(gd);
    hs_adversary_free(&a);
    hs_trainer_net_free(&t);
    free_params(&net);
}

int main(void) {
    check_head(0);
    check_head(1);
    check_ramp();
    check_reversal_in_step();
    CHECK(hs_adversary_init(&(hs_adversary){0}, 4, 4, 1, 0, 2, &(hs_rng){{1, 2, 3, 4}}) == -1); /* one subset: no adversary */
    return hs_test_finish("test_train_adversary");
}
