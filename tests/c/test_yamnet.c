/* YAMNet converter + backbone: real weights from ../shared/weights (HEARTSOUND_WEIGHTS overrides).
 * Checks behaviour Google documents for YAMNet (zeros -> Silence, 440 Hz sine -> telephone/dial tone
 * classes) and that foreign, truncated and bit-flipped inputs are refused without crashing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "model/hsm.h"
#include "convert/tflite.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet.h"

enum { SILENCE = 494, TELEPHONE = 383, DIAL_TONE = 387, BUSY_SIGNAL = 388, SPEECH = 0 };

static int argmax(const float *s, int n) {
    int b = 0;
    for (int i = 1; i < n; i++) if (s[i] > s[b]) b = i;
    return b;
}

static hs_status convert(const uint8_t *bytes, size_t len, uint8_t **out, size_t *out_len) {
    tfl_model m;
    hs_status st = tfl_parse(bytes, len, &m);
    if (st != HS_OK) return st;
    hs_hsm_writer *w = hs_hsm_writer_create();
    char why[128];
    st = w ? hs_yamnet_convert(&m, w, why, sizeof why) : HS_ERR_NOMEM;
    if (st == HS_OK) st = hs_hsm_writer_finish(w, out, out_len);
    hs_hsm_writer_destroy(w);
    tfl_free(&m);
    return st;
}

static void scores_of(hs_yamnet *y, hs_melspec *mel, const float *x, size_t n, float *scores) {
    float *patches = NULL, emb[HS_YAMNET_EMBED];
    size_t np = 0;
    CHECK(hs_yamnet_patches(mel, x, n, &patches, &np) == HS_OK);
    CHECK(np == hs_yamnet_patch_count(n));
    if (np) CHECK(hs_yamnet_run(y, patches, emb, scores) == HS_OK);
    free(patches);
}

int main(void) {
    /* front-end geometry (features.py): 0.975 s -> 1 patch; each further 0.48 s -> one more */
    CHECK(hs_yamnet_padded_length(0) == 15600);
    CHECK(hs_yamnet_padded_length(15601) == 15600 + 7680);
    CHECK(hs_yamnet_patch_count(15600) == 1);
    CHECK(hs_yamnet_patch_count(15600 + 7680) == 2);
    CHECK(hs_yamnet_patch_count(16000 * 10) == 1 + (160000 - 15600 + 7679) / 7680);

    /* foreign bytes are refused */
    tfl_model m;
    const uint8_t junk[64] = "RIFF....WAVEfmt ";
    CHECK(tfl_parse(junk, sizeof junk, &m) == HS_ERR_MODEL_FORMAT);
    CHECK(tfl_parse(junk, 3, &m) == HS_ERR_MODEL_FORMAT);

    const char *path = hs_test_yamnet_tflite(); /* NULL: skip recorded (a failure in CI) */
    size_t len = 0;
    uint8_t *bytes = path ? hs_test_read_file(path, &len) : NULL;
    if (path) CHECK_MSG(bytes != NULL, "cannot read %s", path);
    if (!bytes) return hs_test_finish("test_yamnet");
    uint8_t *hsm_bytes = NULL;
    size_t hsm_len = 0;
    CHECK(convert(bytes, len, &hsm_bytes, &hsm_len) == HS_OK);
    hs_hsm h;
    CHECK(hs_hsm_parse(hsm_bytes, hsm_len, 0, &h) == HS_OK);
    hs_yamnet *y = NULL;
    CHECK(hs_yamnet_create(&h, NULL, &y) == HS_OK);
    hs_melspec_params p = hs_yamnet_melspec_params();
    hs_status st;
    hs_melspec *mel = NULL;
    st = hs_melspec_create(&p, &mel);
    CHECK(st == HS_OK && mel != NULL);
    if (y && mel) {
        float *x = calloc(15600, sizeof(float)), s[HS_YAMNET_CLASSES];
        scores_of(y, mel, x, 15600, s);
        CHECK_MSG(argmax(s, HS_YAMNET_CLASSES) == SILENCE && s[SILENCE] > 0.99f, "zeros: top %d", argmax(s, HS_YAMNET_CLASSES));
        for (int i = 0; i < 15600; i++) x[i] = 0.5f * sinf(2.f * (float)M_PI * 440.f * (float)i / 16000.f);
        scores_of(y, mel, x, 15600, s);
        int top = argmax(s, HS_YAMNET_CLASSES);
        CHECK_MSG(top == TELEPHONE || top == DIAL_TONE || top == BUSY_SIGNAL, "sine: top %d", top);
        CHECK(s[TELEPHONE] > 0.9f && s[DIAL_TONE] > 0.9f && s[BUSY_SIGNAL] > 0.9f && s[SPEECH] < 0.1f);
        free(x);
    }
    /* truncations and bit flips of the real file: an error or a model, never a crash (ASan twin) */
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
        tfl_model t;
        if (tfl_parse(bytes, cut, &t) == HS_OK) tfl_free(&t);
    }
    uint8_t *copy = malloc(len);
    srand(7);
    for (int k = 0; k < 200 && copy; k++) {
        memcpy(copy, bytes, len);
        for (int f = 0; f < 8; f++) copy[(size_t)rand() % 4096] ^= (uint8_t)(1u << (rand() % 8)); /* header/tables */
        uint8_t *o = NULL;
        size_t ol = 0;
        if (convert(copy, len, &o, &ol) == HS_OK) free(o);
    }
    free(copy);
    hs_melspec_destroy(mel);
    hs_yamnet_destroy(y);
    hs_hsm_free(&h);
    free(hsm_bytes);
    free(bytes);
    return hs_test_finish("test_yamnet");
}
