/* The trainer's schedule helpers (train/fit.c, train/net_train.c): the cosine learning rate of
 * --lr-cosine and the weight average of --ema, checked against their closed forms. */
#include <math.h>
#include "fit.h"
#include "net_train.h"
#include "testutil.h"
#include "tiny_cnn.h"

static void test_cosine(void) {
    const float lr = 2e-3f;
    const long T = 3840;
    CHECK_MSG(fabsf(hs_lr_cosine(lr, 0, T) - lr) < 1e-9f, "start %g", hs_lr_cosine(lr, 0, T));
    CHECK_MSG(fabsf(hs_lr_cosine(lr, T, T) - lr / 100) < 1e-9f, "end %g", hs_lr_cosine(lr, T, T));
    CHECK_MSG(fabsf(hs_lr_cosine(lr, T / 2, T) - lr * 0.505f) < 1e-8f, "middle %g", hs_lr_cosine(lr, T / 2, T));
    CHECK_MSG(fabsf(hs_lr_cosine(lr, 2 * T, T) - lr / 100) < 1e-9f, "past the end %g", hs_lr_cosine(lr, 2 * T, T));
    int rising = 0;
    for (long t = 1; t <= T; t++) rising += hs_lr_cosine(lr, t, T) > hs_lr_cosine(lr, t - 1, T);
    CHECK_MSG(rising == 0, "%d steps where the rate rises", rising);
}

/* every parameter array of the net, flattened, for comparisons */
static size_t each_param(hs_net *net, float **arr, size_t *len, size_t max) {
    size_t n = 0;
    for (int i = 0; i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        size_t nw = hs_layer_weight_count(L), nb = hs_layer_bias_count(L);
        float *a[6] = {L->w, L->b, L->gamma, L->beta, L->mean, L->var};
        size_t l[6] = {nw, nb, nb, nb, nb, nb};
        for (int k = 0; k < 6; k++)
            if (a[k] && n < max) { arr[n] = a[k]; len[n] = l[k]; n++; }
    }
    return n;
}

static void test_ema(void) {
    hs_cnn_model avg, cur;
    CHECK(tiny_cnn_make(&avg, 16, 8, 3) == 0);
    CHECK(tiny_cnn_make(&cur, 16, 8, 4) == 0);
    float *pa[64], *pc[64];
    size_t la[64], lc[64];
    size_t na = each_param(&avg.net, pa, la, 64), nc = each_param(&cur.net, pc, lc, 64);
    CHECK(na == nc && na >= 8); /* conv w/b, batch norm's four, conv w/b, dense w/b */
    for (size_t k = 0; k < na; k++)
        for (size_t j = 0; j < la[k]; j++) { pa[k][j] = 1.0f; pc[k][j] = 3.0f; }
    /* a constant target: after n updates avg = 3 - 2 d^n, in every array, batch-norm statistics included */
    const float d = 0.9f;
    for (int n = 0; n < 5; n++) hs_net_ema_params(&avg.net, &cur.net, d);
    const float want = 3.0f - 2.0f * powf(d, 5);
    int bad = 0;
    for (size_t k = 0; k < na; k++)
        for (size_t j = 0; j < la[k]; j++) bad += fabsf(pa[k][j] - want) > 1e-5f;
    CHECK_MSG(bad == 0, "%d averaged values differ from %g", bad, want);
    bad = 0;
    for (size_t k = 0; k < nc; k++)
        for (size_t j = 0; j < lc[k]; j++) bad += pc[k][j] != 3.0f;
    CHECK_MSG(bad == 0, "the source net changed");
    hs_cnn_model_free(&avg);
    hs_cnn_model_free(&cur);
}

int main(void) {
    test_cosine();
    test_ema();
    return hs_test_finish("test_train_schedule");
}
