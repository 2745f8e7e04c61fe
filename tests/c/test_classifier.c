/* The classifier API (hs_classifier_* / hs_classify) on a small random CNN saved and loaded through the model
 * file: window count and placement, record p = mean of the window p computed independently through
 * hs_cnn_score_features, threshold decision, error cases. Real trained models are tested elsewhere. */
#define _POSIX_C_SOURCE 200809L /* getpid */
#include "testutil.h"
#include "tiny_cnn.h"
#include "model/cnn/cnn_infer.h"
#include "model/hsm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const double PI = 3.14159265358979323846;

static uint8_t *save_tiny(float threshold, const char *kind, const char *min_seconds, size_t *len) {
    hs_cnn_model m;
    if (tiny_cnn_make(&m, 200, 50, 2024) != 0) return NULL;
    m.threshold = threshold;
    hs_hsm_writer *w = hs_hsm_writer_create();
    uint8_t *b = NULL;
    hs_status st = hs_cnn_model_write(&m, w, kind);
    if (st == HS_OK && min_seconds) st = hs_hsm_add_meta(w, "model.min_seconds", min_seconds);
    if (st == HS_OK) st = hs_hsm_writer_finish(w, &b, len);
    hs_hsm_writer_destroy(w);
    hs_cnn_model_free(&m);
    return st == HS_OK ? b : NULL;
}

/* A PCG-like test signal: S1 (60 Hz) and S2 (90 Hz) bursts every 0.8 s, plus a little noise. */
static hs_audio synth(double seconds, int rate) {
    hs_audio a = {0};
    a.sample_rate = rate;
    a.n = (size_t)(seconds * rate);
    a.samples = malloc(a.n * sizeof(float));
    unsigned r = 99;
    for (size_t i = 0; i < a.n; i++) {
        double t = (double)i / rate, ph = fmod(t, 0.8);
        double s = 0.0;
        if (ph < 0.06) s += sin(2 * PI * 60 * t) * sin(PI * ph / 0.06);
        if (ph > 0.30 && ph < 0.34) s += 0.7 * sin(2 * PI * 90 * t) * sin(PI * (ph - 0.30) / 0.04);
        r = r * 1664525u + 1013904223u;
        s += 0.02 * ((double)(r >> 8) / (1 << 24) - 0.5);
        a.samples[i] = (float)(0.5 * s);
    }
    return a;
}

/* The record path rebuilt from its parts: preprocess -> log-mel -> normalise -> hs_cnn_score_features. */
static hs_status score_by_parts(const hs_cnn_model *m, const hs_audio *a, hs_result *out) {
    hs_audio p = {0};
    hs_status st = hs_preprocess(a, &m->preproc, &p);
    if (st != HS_OK) return st;
    hs_melspec *mel = NULL;
    st = hs_melspec_create(&m->melspec, &mel);
    if (!mel) { hs_audio_free(&p); return st; }
    size_t frames = hs_melspec_frames(mel, p.n);
    float *x = malloc(sizeof(float) * frames * m->melspec.n_mels);
    st = hs_melspec_compute(mel, p.samples, p.n, x);
    hs_logmel_normalize(x, frames, m->melspec.n_mels, m->norm_mode);
    if (st == HS_OK) st = hs_cnn_score_features(m, x, frames, out);
    free(x);
    hs_melspec_destroy(mel);
    hs_audio_free(&p);
    return st;
}

/* classify == the parts, window by window; record p == mean of window p; decision == p >= threshold. */
static void check_against_parts(hs_classifier *c, const hs_cnn_model *m, const hs_audio *a, hs_result *r) {
    hs_result q;
    CHECK(score_by_parts(m, a, &q) == HS_OK);
    CHECK_MSG(q.n_windows == r->n_windows, "%zu vs %zu windows", q.n_windows, r->n_windows);
    double sum = 0.0, maxdiff = 0.0;
    int varies = 0;
    for (size_t i = 0; i < r->n_windows && i < q.n_windows; i++) {
        sum += r->windows[i].p;
        if (fabs(r->windows[i].p - q.windows[i].p) > maxdiff) maxdiff = fabs(r->windows[i].p - q.windows[i].p);
        CHECK(r->windows[i].t0 == q.windows[i].t0);
        CHECK(r->windows[i].p > 0.0f && r->windows[i].p < 1.0f);
        varies |= r->windows[i].p != r->windows[0].p;
    }
    CHECK_MSG(maxdiff < 1e-6, "window p differs by %g", maxdiff);
    CHECK(r->n_windows == 1 || varies); /* the net really looks at the audio */
    CHECK(fabs(r->p_abnormal - sum / (double)r->n_windows) < 1e-6);
    CHECK(r->threshold == m->threshold);
    CHECK(r->abnormal == (r->p_abnormal >= r->threshold));
    (void)c;
    hs_result_free(&q);
}

static void test_synthetic(hs_classifier *c, const hs_cnn_model *m, hs_result *keep) {
    /* 10 s at 4 kHz -> 20000 samples at 2 kHz -> 1 + 20000/40 = 501 frames -> windows at 0, 50, ..., 300 and
     * one aligned to the end at 301 (frame 301 = 6.02 s); the last t1 is clipped to the 10 s recording */
    hs_audio a = synth(10.0, 4000);
    hs_result r;
    CHECK(hs_classify(c, &a, &r) == HS_OK);
    CHECK_MSG(r.n_windows == 8, "%zu windows", r.n_windows);
    if (r.n_windows == 8) {
        int placed = 1;
        for (int i = 0; i < 7; i++)
            placed &= fabs(r.windows[i].t0 - i) < 1e-9 && fabs(r.windows[i].t1 - (i + 4.0)) < 1e-9;
        CHECK(placed);
        CHECK(fabs(r.windows[7].t0 - 6.02) < 1e-9 && fabs(r.windows[7].t1 - 10.0) < 1e-9);
    }
    check_against_parts(c, m, &a, &r);
    *keep = r;
    hs_audio_free(&a);

    /* 3 s: longer than the minimum, shorter than a window -> one padded window over the whole recording */
    a = synth(3.0, 2000);
    CHECK(hs_classify(c, &a, &r) == HS_OK);
    CHECK(r.n_windows == 1 && r.windows && r.windows[0].t0 == 0.0 && fabs(r.windows[0].t1 - 3.0) < 1e-9);
    check_against_parts(c, m, &a, &r);
    hs_result_free(&r);
    hs_audio_free(&a);
}

static void test_real(hs_classifier *c, const hs_cnn_model *m, const hs_result *first) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    char path[4096];
    snprintf(path, sizeof path, "%s/training-a/a0001.wav", dir);
    hs_audio a = {0};
    CHECK(hs_wav_read_file(path, &a, NULL) == HS_OK);
    if (!a.samples) return;
    hs_result r;
    CHECK(hs_classify(c, &a, &r) == HS_OK);
    double seconds = (double)a.n / a.sample_rate;
    size_t frames = 1 + a.n / 40; /* 2 kHz recording: 50 frames/s, centred */
    size_t full = (frames - 200) / 50 + 1, want = full + ((full - 1) * 50 + 200 < frames);
    CHECK_MSG(r.n_windows == want, "%.2f s: %zu windows, expected %zu", seconds, r.n_windows, want);
    int inside = 1;
    for (size_t i = 0; i < r.n_windows; i++)
        inside &= r.windows[i].t0 >= 0 && r.windows[i].t1 <= seconds + 1e-9 && r.windows[i].t1 - r.windows[i].t0 <= 4.0 + 1e-9;
    CHECK(inside);
    CHECK(r.n_windows > 0 && fabs(r.windows[r.n_windows - 1].t1 - seconds) < 0.02 + 1e-9); /* the end is covered */
    check_against_parts(c, m, &a, &r);
    printf("test_classifier: a0001 %.2f s, %zu windows, p = %.4f (random net)\n", seconds, r.n_windows, r.p_abnormal);
    hs_result_free(&r);
    hs_audio_free(&a);

    /* buffers grown for the long recording are reused: the short one again gives the same numbers */
    a = synth(10.0, 4000);
    CHECK(hs_classify(c, &a, &r) == HS_OK);
    int same = r.n_windows == first->n_windows && r.p_abnormal == first->p_abnormal;
    for (size_t i = 0; same && i < r.n_windows; i++) same = r.windows[i].p == first->windows[i].p;
    CHECK(same);
    hs_result_free(&r);
    hs_audio_free(&a);
}

static void test_errors(hs_classifier *c) {
    hs_result r;
    hs_audio a = synth(1.5, 2000);
    CHECK(hs_classify(c, &a, &r) == HS_ERR_TOO_SHORT);
    CHECK(r.windows == NULL && r.n_windows == 0);
    hs_audio_free(&a);
    a = synth(5.0, 2000);
    memset(a.samples, 0, a.n * sizeof(float));
    CHECK(hs_classify(c, &a, &r) == HS_ERR_SILENT);
    CHECK(hs_classify(NULL, &a, &r) == HS_ERR_ARG);
    CHECK(hs_classify(c, NULL, &r) == HS_ERR_ARG);
    CHECK(hs_classify(c, &a, NULL) == HS_ERR_ARG);
    hs_audio bad = a;
    bad.samples = NULL;
    CHECK(hs_classify(c, &bad, &r) == HS_ERR_ARG);
    bad = a;
    bad.n = 0;
    CHECK(hs_classify(c, &bad, &r) == HS_ERR_EMPTY);
    a.samples[100] = NAN;
    CHECK(hs_classify(c, &a, &r) == HS_ERR_ARG);
    bad = a;
    bad.sample_rate = 500;
    CHECK(hs_classify(c, &bad, &r) == HS_ERR_WAV_RATE);
    hs_audio_free(&a);
    hs_result_free(&r);
    hs_result_free(NULL);
    hs_classifier_destroy(NULL);
    CHECK(strcmp(hs_classifier_name(NULL), "") == 0 && hs_classifier_melspec(NULL) == NULL);
}

static void test_loading(const hs_result *first) {
    hs_classifier *c = NULL;
    size_t len;
    uint8_t *b;
    CHECK(hs_classifier_load_memory((const uint8_t *)"RIFF....WAVEfmt ", 16, &c) == HS_ERR_MODEL_FORMAT && !c);
    CHECK(hs_classifier_load_memory(NULL, 0, &c) == HS_ERR_MODEL_FORMAT);
    CHECK(hs_classifier_load_memory(NULL, 5, &c) == HS_ERR_ARG);
    CHECK(hs_classifier_load_file("/nonexistent-dir/no-such-model.hsm", &c) == HS_ERR_IO && !c);
    CHECK(hs_classifier_load_file(NULL, NULL) == HS_ERR_ARG);
    /* a kind this build does not know */
    b = save_tiny(0.5f, "cnn-from-the-future", NULL, &len);
    CHECK(b && hs_classifier_load_memory(b, len, &c) == HS_ERR_UNSUPPORTED && !c);
    free(b);
    /* a checksum error passes through */
    b = save_tiny(0.5f, NULL, NULL, &len);
    if (b) {
        b[len / 2] ^= 4;
        CHECK(hs_classifier_load_memory(b, len, &c) == HS_ERR_MODEL_CHECKSUM);
        free(b);
    }
    /* model.min_seconds overrides the default minimum */
    b = save_tiny(0.5f, NULL, "5", &len);
    CHECK(b && hs_classifier_load_memory(b, len, &c) == HS_OK);
    if (c) {
        CHECK(hs_classifier_min_seconds(c) == 5.0f);
        hs_audio a = synth(4.0, 2000);
        hs_result r;
        CHECK(hs_classify(c, &a, &r) == HS_ERR_TOO_SHORT);
        hs_audio_free(&a);
        hs_classifier_destroy(c);
        c = NULL;
    }
    free(b);
    b = save_tiny(0.5f, NULL, "-1", &len);
    CHECK(b && hs_classifier_load_memory(b, len, &c) == HS_ERR_MODEL_FORMAT && !c);
    free(b);
    /* the threshold decides: p >= threshold is abnormal, just below is not */
    float p = first->p_abnormal;
    float thr[2] = {p, nextafterf(p, 2.0f)};
    for (int k = 0; k < 2; k++) {
        b = save_tiny(thr[k], NULL, NULL, &len);
        CHECK(b && hs_classifier_load_memory(b, len, &c) == HS_OK);
        free(b);
        if (!c) continue;
        hs_audio a = synth(10.0, 4000);
        hs_result r;
        CHECK(hs_classify(c, &a, &r) == HS_OK);
        CHECK(r.p_abnormal == p && r.threshold == thr[k] && r.abnormal == (k == 0));
        hs_result_free(&r);
        hs_audio_free(&a);
        hs_classifier_destroy(c);
        c = NULL;
    }
    /* a file: the same model as from memory; the library has no default path (the CLI has) */
    char file[96];
    snprintf(file, sizeof file, "/tmp/hs_test_model_%d.hsm", (int)getpid());
    b = save_tiny(0.5f, NULL, NULL, &len);
    FILE *f = fopen(file, "wb");
    CHECK(f && b && fwrite(b, 1, len, f) == len);
    if (f) fclose(f);
    CHECK(hs_classifier_load_file(file, &c) == HS_OK);
    CHECK(c && strstr(hs_classifier_name(c), "tiny-test") != NULL);
    CHECK(c && hs_classifier_threshold(c) == 0.5f);
    hs_classifier_destroy(c);
    c = NULL;
    remove(file);
    CHECK(hs_classifier_load_file(file, &c) == HS_ERR_IO && !c);
    CHECK(hs_classifier_load_file(NULL, &c) == HS_ERR_ARG && !c);
    /* options: the model's bytes are required; a backbone or engine means nothing to a CNN */
    hs_classifier_options opt = {.model = b, .model_len = len, .yamnet_engine = "plain-c"};
    CHECK(hs_classifier_create(&opt, &c) == HS_OK && c);
    hs_classifier_destroy(c);
    c = NULL;
    opt.model = NULL;
    CHECK(hs_classifier_create(&opt, &c) == HS_ERR_ARG && !c);
    CHECK(hs_classifier_create(NULL, &c) == HS_ERR_ARG && !c);
    free(b);
}

/* One list (HS_STATUS_LIST) makes the enum, the messages and the names the JS API reports. */
static void test_status_names(void) {
    CHECK(!strcmp(hs_status_name(HS_OK), "HS_OK"));
    CHECK(!strcmp(hs_status_name(HS_ERR_WAV_NOT_RIFF), "HS_ERR_WAV_NOT_RIFF"));
    CHECK(!strcmp(hs_status_name(HS_ERR_UNSUPPORTED), "HS_ERR_UNSUPPORTED"));
    CHECK(!strcmp(hs_status_name((hs_status)HS_STATUS_COUNT), "HS_ERR_UNKNOWN"));
    CHECK(!strcmp(hs_status_name((hs_status)-1), "HS_ERR_UNKNOWN"));
    int distinct = 1;
    for (int i = 0; i < HS_STATUS_COUNT; i++) {
        distinct &= strncmp(hs_status_name((hs_status)i), "HS_", 3) == 0 && hs_status_string((hs_status)i)[0] != 0;
        for (int j = 0; j < i; j++)
            distinct &= strcmp(hs_status_name((hs_status)i), hs_status_name((hs_status)j)) != 0 &&
                        strcmp(hs_status_string((hs_status)i), hs_status_string((hs_status)j)) != 0;
    }
    CHECK_MSG(distinct, "every status has its own HS_ name and its own message");
}

int main(void) {
    size_t len = 0;
    uint8_t *bytes = save_tiny(0.5f, NULL, NULL, &len);
    CHECK(bytes != NULL);
    hs_classifier *c = NULL;
    hs_cnn_model m;
    CHECK(bytes && hs_classifier_load_memory(bytes, len, &c) == HS_OK);
    CHECK(bytes && hs_cnn_model_load_memory(bytes, len, &m) == HS_OK);
    free(bytes); /* the classifier keeps its own copies */
    if (!c) return hs_test_finish("test_classifier");
    CHECK(strstr(hs_classifier_name(c), "tiny-test") != NULL);
    CHECK(hs_classifier_min_seconds(c) == 2.0f);
    const hs_melspec_params *mp = hs_classifier_melspec(c);
    CHECK(mp && mp->n_mels == 32 && mp->hop_length == 40 && mp->sample_rate == 2000);
    hs_result first;
    memset(&first, 0, sizeof first);
    test_synthetic(c, &m, &first);
    test_real(c, &m, &first);
    test_errors(c);
    test_loading(&first);
    test_status_names();
    hs_result_free(&first);
    hs_classifier_destroy(c);
    hs_cnn_model_free(&m);
    return hs_test_finish("test_classifier");
}
