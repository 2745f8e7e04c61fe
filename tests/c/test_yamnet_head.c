/* YAMNet head model file, embedder and the "yamnet-head" classifier backend.
 * Without the weights: head .hsm round trip, refusal of damaged heads. With ../shared/weights (or
 * HEARTSOUND_WEIGHTS): the embedder's patch selection, tflite mode on the file's mel matrix, and a combined
 * backbone + head file classifying a real recording (p = mean of the windows' p, window times). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "model/hsm.h"
#include "model/yamnet/yamnet_embed.h"
#include "convert/tflite.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet_head.h"
#include "nn/net.h"

static void fill_head(hs_yamnet_head *h) {
    unsigned r = 3;
    for (int i = 0; i < h->net.n_layers; i++) {
        hs_layer *L = &h->net.layers[i];
        if (L->kind != HS_LAYER_DENSE) continue;
        for (size_t k = 0; k < hs_layer_weight_count(L); k++) { r = r * 1664525u + 1013904223u; L->w[k] = ((float)(r >> 8) / 16777216.f - 0.5f) * 0.1f; }
        for (size_t k = 0; k < hs_layer_bias_count(L); k++) L->b[k] = 0.01f * (float)k;
    }
    for (int i = 0; i < HS_YAMNET_EMBED; i++) { h->mean[i] = 0.001f * (float)i; h->scale[i] = 1.f + 0.0005f * (float)i; }
    h->threshold = 0.42f;
}

static uint8_t *head_bytes(const hs_yamnet_head *h, size_t *len) {
    hs_hsm_writer *w = hs_hsm_writer_create();
    uint8_t *b = NULL;
    if (hs_yamnet_head_write(h, w) != HS_OK || hs_hsm_writer_finish(w, &b, len) != HS_OK) b = NULL;
    hs_hsm_writer_destroy(w);
    return b;
}

static void round_trip(int hidden) {
    hs_yamnet_head h, g;
    CHECK(hs_yamnet_head_init(&h, hidden, 0.3f) == HS_OK);
    fill_head(&h);
    size_t len = 0;
    uint8_t *b = head_bytes(&h, &len);
    CHECK(b != NULL);
    hs_hsm p;
    CHECK(b && hs_hsm_parse(b, len, 0, &p) == HS_OK);
    CHECK(b && hs_yamnet_head_read(&p, &g) == HS_OK);
    if (b) {
        float emb[HS_YAMNET_EMBED], *s1 = malloc(hs_yamnet_head_scratch_floats(&h) * sizeof(float));
        float *s2 = malloc(hs_yamnet_head_scratch_floats(&g) * sizeof(float));
        for (int i = 0; i < HS_YAMNET_EMBED; i++) emb[i] = sinf((float)i);
        float a = hs_yamnet_head_p(&h, emb, s1), c = hs_yamnet_head_p(&g, emb, s2); /* dropout: identity */
        CHECK(a > 0.f && a < 1.f && a == c);
        CHECK(g.threshold == 0.42f && g.hidden == hidden && g.stride == 1);
        free(s1); free(s2);
        hs_yamnet_head_free(&g);
        hs_hsm_free(&p);
    }
    /* a NaN weight or a wrong hidden size is refused */
    hs_layer *L0 = &h.net.layers[0];
    L0->w[5] = NAN;
    size_t l2 = 0;
    uint8_t *bad = head_bytes(&h, &l2);
    CHECK(bad && hs_hsm_parse(bad, l2, 0, &p) == HS_OK && hs_yamnet_head_read(&p, &g) == HS_ERR_MODEL_FORMAT);
    if (bad) hs_hsm_free(&p);
    free(bad);
    free(b);
    hs_yamnet_head_free(&h);
}

int main(void) {
    round_trip(0);
    round_trip(16);
    hs_yamnet_head h;
    CHECK(hs_yamnet_head_init(&h, -1, 0.f) == HS_ERR_ARG);

    const char *path = hs_test_yamnet_tflite(); /* NULL: skip recorded (a failure in CI) */
    size_t len = 0, hl = 0;
    uint8_t *tfl = path ? hs_test_read_file(path, &len) : NULL, *bb = NULL;
    if (path) CHECK_MSG(tfl != NULL, "cannot read %s", path);
    if (!tfl) return hs_test_finish("test_yamnet_head");
    CHECK(hs_yamnet_load_any(tfl, len, &bb, &hl) == HS_OK);
    hs_hsm bh;
    hs_yamnet *y = NULL;
    CHECK(bb && hs_hsm_parse(bb, hl, 0, &bh) == HS_OK && hs_yamnet_create(&bh, NULL, &y) == HS_OK);
    hs_status st;
    hs_yamnet_embedder *e = y ? hs_yamnet_embedder_create(y, &st) : NULL;
    CHECK(e != NULL);
    const char *wd = hs_test_wav_dir(); /* NULL: skip recorded (a failure in CI) */
    hs_audio a = {0};
    if (e && wd && hs_test_read_wav(wd, "training-a/a0001.wav", &a)) {
        float *all = NULL, *sub = NULL, *cap = NULL;
        double *t_all = NULL, *t_sub = NULL;
        size_t n_all = 0, n_sub = 0, n_cap = 0;
        CHECK(hs_yamnet_embed_audio(e, &a, 1, 0, &all, &t_all, &n_all) == HS_OK);
        size_t n16 = (size_t)((double)a.n * 16000 / a.sample_rate + 0.5);
        CHECK_MSG(n_all >= hs_yamnet_patch_count(n16) - 1 && n_all <= hs_yamnet_patch_count(n16) + 1, "%zu patches", n_all);
        CHECK(hs_yamnet_embed_audio(e, &a, 2, 0, &sub, &t_sub, &n_sub) == HS_OK && n_sub == (n_all + 1) / 2);
        /* stride 2 = every other patch: identical embeddings, times 0.96 s apart */
        CHECK(sub && all && memcmp(sub + HS_YAMNET_EMBED, all + 2 * HS_YAMNET_EMBED, HS_YAMNET_EMBED * sizeof(float)) == 0);
        CHECK(t_sub && fabs(t_sub[1] - 0.96) < 1e-9 && fabs(t_all[1] - 0.48) < 1e-9);
        CHECK(hs_yamnet_embed_audio(e, &a, 1, 3, &cap, NULL, &n_cap) == HS_OK && n_cap == 3);
        /* evenly spread: first and last patch of the recording */
        CHECK(cap && memcmp(cap, all, HS_YAMNET_EMBED * sizeof(float)) == 0 &&
              memcmp(cap + 2 * HS_YAMNET_EMBED, all + (n_all - 1) * HS_YAMNET_EMBED, HS_YAMNET_EMBED * sizeof(float)) == 0);
        /* embeddings are post-ReLU averages: non-negative, not all zero */
        double s = 0;
        int neg = 0;
        for (size_t i = 0; all && i < n_all * HS_YAMNET_EMBED; i++) { s += all[i]; neg += all[i] < 0.f; }
        CHECK(neg == 0 && s > 0);
        /* gain does not matter (level normalisation) */
        for (size_t i = 0; i < a.n; i++) a.samples[i] *= 0.01f;
        float *quiet = NULL;
        size_t nq = 0;
        CHECK(hs_yamnet_embed_audio(e, &a, 1, 1, &quiet, NULL, &nq) == HS_OK && nq == 1);
        double md = 0;
        for (int i = 0; quiet && i < HS_YAMNET_EMBED; i++) md = fmax(md, fabs(quiet[i] - all[i]));
        CHECK_MSG(md < 1e-3, "gain changed the embedding by %g", md);
        free(all); free(sub); free(cap); free(t_all); free(t_sub); free(quiet);

        /* combined backbone + head file through the public classifier API */
        hs_hsm_writer *w = hs_hsm_writer_create();
        tfl_model m;
        CHECK(tfl_parse(tfl, len, &m) == HS_OK);
        CHECK(hs_yamnet_convert_backbone(&m, w, NULL, 0) == HS_OK);
        tfl_free(&m);
        CHECK(hs_yamnet_head_init(&h, 8, 0.f) == HS_OK);
        fill_head(&h);
        CHECK(hs_yamnet_head_write(&h, w) == HS_OK);
        uint8_t *comb = NULL;
        size_t cl = 0;
        CHECK(hs_hsm_writer_finish(w, &comb, &cl) == HS_OK);
        hs_hsm_writer_destroy(w);
        hs_classifier *c = NULL;
        CHECK(comb && hs_classifier_load_memory(comb, cl, &c) == HS_OK);
        hs_audio b = {0};
        hs_result r;
        if (c && hs_test_read_wav(wd, "training-a/a0001.wav", &b) && hs_classify(c, &b, &r) == HS_OK) {
            double mean = 0;
            for (size_t i = 0; i < r.n_windows; i++) mean += r.windows[i].p;
            mean /= (double)r.n_windows;
            CHECK(r.n_windows == n_all && fabs(mean - r.p_abnormal) < 1e-5 && r.threshold == 0.42f);
            CHECK(r.abnormal == (r.p_abnormal >= 0.42f));
            CHECK(r.windows[1].t0 == 0.48 && r.windows[r.n_windows - 1].t1 <= (double)b.n / b.sample_rate + 1e-9);
            hs_result_free(&r);
        } else CHECK(0);
        hs_audio_free(&b);
        hs_classifier_destroy(c);
        free(comb);
        hs_yamnet_head_free(&h);
    } else CHECK(0);
    /* tflite mode: available because the converter keeps the graph's mel matrix */
    CHECK(y && hs_yamnet_set_tflite_mode(y, 1) == HS_OK);
    hs_audio_free(&a);
    hs_yamnet_embedder_destroy(e);
    hs_yamnet_destroy(y);
    if (bb) hs_hsm_free(&bh);
    free(bb);
    free(tfl);
    return hs_test_finish("test_yamnet_head");
}
