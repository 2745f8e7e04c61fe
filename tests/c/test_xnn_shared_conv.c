/* Hop-spaced windows sharing the first conv (hs_xnn_runtime_run_q8_strided) give bit-identical results to
 * the plain-C int8 reference, on real recordings: directly through the runtime (several hops, batch sizes,
 * hops where sharing must fall back) and through the record path (full and partial batches, a window
 * aligned to the end, a short padded recording). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "nn/qnet.h"
#include "nn/xnn_runtime.h"
#include "model/cnn/cnn_q8_infer.h"

/* Reference trunk + head on N windows at base, hop rows apart: op by op in plain C. */
static void reference(const hs_qnet *q, const int8_t *base, int hop, int N, int8_t *a, int8_t *b, float *work,
                      float *p, const int8_t **trunk) {
    const size_t in_sz = (size_t)q->in_h * q->in_w * q->in_c, hop_sz = (size_t)hop * q->in_w * q->in_c;
    for (int n = 0; n < N; n++) memcpy(a + n * in_sz, base + n * hop_sz, in_sz);
    for (int i = 0; i < q->n_ops; i++) {
        hs_qop_forward_ref(&q->ops[i], a, b, N);
        int8_t *t = a; a = b; b = t;
    }
    *trunk = a;
    hs_qnet_head_forward(q, a, N, p, work);
}

static size_t trunk_out_size(const hs_qnet *q) {
    const hs_qop *last = &q->ops[q->n_ops - 1];
    return (size_t)last->out_h * last->out_w * last->out_c;
}

/* One recording's quantised log-mel, windows at many hops and batch sizes: strided == reference. */
static void check_runtime(const hs_cnn_q8_model *m, const float *lm, size_t frames, const char *name) {
    const hs_qnet *q = &m->q;
    const int NMAX = 8;
    hs_status st;
    hs_xnn_runtime *rt = hs_xnn_runtime_create(q, NMAX, &st);
    CHECK(rt != NULL);
    int8_t *ql = malloc(frames * q->in_w);
    int8_t *a = malloc(2 * (size_t)NMAX * hs_qnet_max_activation(q)), *b = a + (size_t)NMAX * hs_qnet_max_activation(q);
    float *work = malloc(hs_qnet_head_work_floats(q, NMAX) * sizeof(float));
    if (!rt || !ql || !a || !work) { CHECK(0); goto out; }
    hs_quantize_f32(&q->input, lm, frames * q->in_w, ql);
    /* 50: the shipped hop; 2, 24, 198: other even hops (198 barely overlaps); 25, 51: odd (no sharing);
     * 200, 0: no overlap / the same window N times */
    const int hops[] = {50, 2, 24, 198, 25, 51, 200, 0};
    const int Ns[] = {8, 7, 3, 2, 1};
    int cases = 0;
    for (size_t h = 0; h < sizeof hops / sizeof *hops; h++)
        for (size_t k = 0; k < sizeof Ns / sizeof *Ns; k++) {
            const int hop = hops[h], N = Ns[k];
            /* the last window as far into the recording as fits, so windows start at odd frames too */
            const size_t span = (size_t)(N - 1) * hop + q->in_h;
            if (span > frames) continue;
            const size_t start = (frames - span) | 1;
            if (start + span > frames) continue;
            float px[8], pr[8];
            const int8_t *tr;
            CHECK(hs_xnn_runtime_run_q8_strided(rt, ql + start * q->in_w, hop, N, px) == HS_OK);
            reference(q, ql + start * q->in_w, hop, N, a, b, work, pr, &tr);
            CHECK_MSG(memcmp(hs_xnn_runtime_trunk_output(rt), tr, N * trunk_out_size(q)) == 0,
                      "%s: hop %d, %d windows: int8 trunk output differs from the reference", name, hop, N);
            CHECK_MSG(memcmp(px, pr, N * sizeof(float)) == 0, "%s: hop %d, %d windows: p differs", name, hop, N);
            cases++;
        }
    CHECK_MSG(cases >= 20, "%s: only %d runtime cases fit (%zu frames)", name, cases, frames);
    float p[1];
    CHECK(hs_xnn_runtime_run_q8_strided(rt, NULL, 50, 2, p) == HS_ERR_ARG);
    CHECK(hs_xnn_runtime_run_q8_strided(rt, ql, -50, 2, p) == HS_ERR_ARG);
    CHECK(hs_xnn_runtime_run_q8_strided(rt, ql, 50, NMAX + 1, p) == HS_ERR_ARG);
    CHECK(hs_xnn_runtime_run_q8_strided(rt, ql, 50, 0, p) == HS_ERR_ARG);
out:
    hs_xnn_runtime_destroy(rt);
    free(ql); free(a); free(work);
}

/* The record path on the first `frames` frames: XNNPACK window probabilities == reference, bit for bit. */
static void check_record(hs_cnn_q8_runtime *ref, hs_cnn_q8_runtime *xnn, const float *lm, size_t frames,
                         const char *name) {
    hs_result rr, rx;
    CHECK(hs_cnn_q8_score_features(ref, lm, frames, &rr) == HS_OK);
    CHECK(hs_cnn_q8_score_features(xnn, lm, frames, &rx) == HS_OK);
    int same = rr.n_windows == rx.n_windows && rr.n_windows > 0;
    for (size_t k = 0; same && k < rr.n_windows; k++) same = memcmp(&rr.windows[k].p, &rx.windows[k].p, sizeof(float)) == 0;
    CHECK_MSG(same, "%s, %zu frames (%zu windows): XNNPACK and reference window probabilities differ", name, frames,
              rr.n_windows);
    hs_result_free(&rr); hs_result_free(&rx);
}

int main(void) {
    const char *wavs = hs_test_wav_dir();
    if (!wavs || !hs_test_have_xnnpack()) return hs_test_finish("xnn_shared_conv"); /* skips recorded */
    hs_cnn_q8_model m;
    if (!hs_test_load_shipped_q8(&m)) return hs_test_finish("xnn_shared_conv");
    hs_status st;
    hs_cnn_q8_runtime *ref = hs_cnn_q8_runtime_create(&m, HS_Q8_REFERENCE, &st);
    hs_cnn_q8_runtime *xnn = hs_cnn_q8_runtime_create(&m, HS_Q8_AUTO, &st);
    CHECK(ref && xnn && strcmp(hs_cnn_q8_runtime_backend(xnn), "xnnpack") == 0);
    const char *recs[] = {"training-a/a0072.wav", "training-b/b0010.wav", "training-e/e00020.wav"};
    const int win = m.base.window_frames, hop = m.base.hop_frames;
    for (int i = 0; ref && xnn && i < 3; i++) {
        hs_audio a = {0};
        if (!hs_test_read_wav(wavs, recs[i], &a)) continue;
        const float *lm;
        size_t frames;
        CHECK(hs_cnn_q8_runtime_logmel(ref, &a, &lm, &frames) == HS_OK);
        float *copy = malloc(frames * m.q.in_w * sizeof(float)); /* lm is borrowed until the next logmel */
        if (!copy) { CHECK(0); hs_audio_free(&a); continue; }
        memcpy(copy, lm, frames * m.q.in_w * sizeof(float));
        check_runtime(&m, copy, frames, recs[i]);
        check_record(ref, xnn, copy, frames, recs[i]);
        /* 11 hop-spaced windows (a full batch, then 3), the same + 1 frame (12: the last aligned to the end),
         * one window exactly, a short padded one */
        const size_t lens[] = {(size_t)win + 10 * hop, (size_t)win + 10 * hop + 1, (size_t)win, (size_t)win * 3 / 4};
        for (int j = 0; j < 4; j++)
            if (lens[j] <= frames) check_record(ref, xnn, copy, lens[j], recs[i]);
        free(copy);
        hs_audio_free(&a);
    }
    hs_cnn_q8_runtime_destroy(ref);
    hs_cnn_q8_runtime_destroy(xnn);
    hs_cnn_q8_model_free(&m);
    return hs_test_finish("xnn_shared_conv");
}
